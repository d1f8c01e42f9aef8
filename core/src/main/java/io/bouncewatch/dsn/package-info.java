/**
 * Raw bounce and feedback messages, as a bounce mailbox receives them, read into one report per
 * recipient: RFC 3464 delivery-status reports, RFC 5965 feedback reports (complaints), the MTAs'
 * own plain-text forms (qmail, Exim, Sendmail, Exchange, ...), and what is no failure at all
 * (auto-replies, delivery notices). The MIME structure is read by Apache James mime4j, the only
 * package that uses it; what the reports mean is left to {@link
 * io.bouncewatch.rules.BounceClassifier}.
 */
package io.bouncewatch.dsn;
