package io.bouncewatch.ingest;

import static io.bouncewatch.ingest.SesEventsTest.bytes;
import static io.bouncewatch.ingest.SesEventsTest.fixture;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bouncewatch.input.InputKind;
import io.bouncewatch.testing.SnsSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Verification and dispatch of SNS messages: AWS's own signed samples and ones signed here. */
class SesSourceTest {

    private static final String AWS_CERT =
            "https://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem";
    private static final String TOPIC = "arn:aws:sns:us-east-1:123456789012:ses-events";
    private static final String PREFIX = "file:/certs/";
    private static final String CERT = PREFIX + "sns.pem";
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    /** One key for the class: making an RSA key takes a while. */
    private static final SnsSigner SIGNER = new SnsSigner();

    private final List<URI> fetched = new ArrayList<>();

    /** Serves the signer's certificate at {@link #CERT}, records every GET, reaches nothing. */
    private final SnsFetcher local =
            url -> {
                fetched.add(url);
                if (url.toString().equals(CERT)) {
                    return SIGNER.certificatePem();
                }
                if (url.toString().equals(AWS_CERT)) {
                    return bytes("sns-certificate-2021.pem");
                }
                if (url.toString().startsWith(PREFIX + "confirm")) {
                    return "<ConfirmSubscriptionResponse/>".getBytes(UTF_8);
                }
                throw new IOException("404 " + url);
            };

    private SesSource source(Set<String> topics, SnsTrust trust) {
        return new SesSource(topics, trust, local, Duration.ofMinutes(5));
    }

    private SesSource source() {
        return source(Set.of(TOPIC), new SnsTrust(PREFIX));
    }

    private static WebhookRequest request(byte[] body, Instant at) {
        return new WebhookRequest(
                Map.of("x-amz-sns-message-type", List.of("Notification")), body, at);
    }

    @Test
    void awsOwnSignedMessagesVerifyWithBothSignatureVersions() throws Exception {
        List<String> names =
                List.of(
                        "sns-notification-v1.json",
                        "sns-notification-v2.json",
                        "sns-notification-subject-v1.json",
                        "sns-notification-subject-v2.json");
        Set<String> topics = new java.util.HashSet<>();
        for (String name : names) {
            topics.add(SnsMessage.parse(bytes(name)).topicArn());
        }
        SesSource aws = source(topics, SnsTrust.aws());
        for (String name : names) {
            byte[] body = bytes(name);

            List<Ingested> out =
                    aws.accept(request(body, SnsMessage.parse(body).sentAt().plusSeconds(5)));

            // verified; "Hello world" is no SES event, so it goes to the dead letters
            assertThat(out).as(name).singleElement().isInstanceOf(Ingested.Rejected.class);
        }
        assertThat(fetched)
                .as("the certificate is fetched once and kept")
                .containsExactly(URI.create(AWS_CERT));
    }

    @Test
    void anAwsMessageChangedAfterSigningIsRefused() throws Exception {
        var fields = SnsSigner.fields(bytes("sns-notification-subject-v2.json"));
        fields.put("Subject", "Hello world!");
        byte[] body = SnsSigner.bytes(fields);
        SnsMessage m = SnsMessage.parse(body);

        assertThatThrownBy(
                        () ->
                                source(Set.of(m.topicArn()), SnsTrust.aws())
                                        .accept(request(body, m.sentAt())))
                .isInstanceOfSatisfying(
                        WebhookRefusal.class, r -> assertThat(r.status()).isEqualTo(401));
    }

    @Test
    void aSignedSesBounceBecomesItsEvents() throws Exception {
        byte[] body =
                SIGNER.notification(
                        TOPIC, "msg-1", fixture("ses-event-bounce.json"), NOW.toString(), CERT);

        List<Ingested> out = source().accept(request(body, NOW.plusSeconds(1)));

        assertThat(out).hasSize(2);
        SesEventsTest.event(out.get(0), InputKind.SENDS);
        SesEventsTest.event(out.get(1), InputKind.BOUNCES);
    }

    @Test
    void signatureVersionTwoIsSha256() throws Exception {
        var fields = SnsSigner.fields(SIGNER.notification(TOPIC, "m", "{}", NOW.toString(), CERT));
        fields.remove("Signature");
        fields.put("SignatureVersion", "2");
        byte[] body = SIGNER.sign(fields);

        assertThat(source().accept(request(body, NOW)))
                .singleElement()
                .isInstanceOf(Ingested.Rejected.class);
    }

    @Test
    void aTamperedMessageIsUnauthenticated() {
        var fields =
                SnsSigner.fields(
                        SIGNER.notification(
                                TOPIC,
                                "m",
                                fixture("ses-event-bounce.json"),
                                NOW.toString(),
                                CERT));
        fields.put("Message", fixture("ses-event-complaint.json"));

        assertRefused(SnsSigner.bytes(fields), 401, "does not verify");
    }

    @Test
    void anUnsignedMessageIsUnauthenticated() {
        var fields = SnsSigner.fields(SIGNER.notification(TOPIC, "m", "{}", NOW.toString(), CERT));
        fields.remove("Signature");

        assertRefused(SnsSigner.bytes(fields), 401, "unsigned");
    }

    @Test
    void anUnknownSignatureVersionIsUnauthenticated() {
        var fields = SnsSigner.fields(SIGNER.notification(TOPIC, "m", "{}", NOW.toString(), CERT));
        fields.put("SignatureVersion", "3");

        assertRefused(SnsSigner.bytes(fields), 401, "SignatureVersion");
    }

    @Test
    void aTopicNotConfiguredIsForbiddenBeforeAnythingIsFetched() {
        byte[] body =
                SIGNER.notification(
                        "arn:aws:sns:us-east-1:999999999999:other",
                        "m",
                        "{}",
                        NOW.toString(),
                        CERT);

        assertRefused(body, 403, "ingest.ses.topic-arns");
        assertThat(fetched).isEmpty();
    }

    @Test
    void aCertificateOutsideTheTrustedSourceIsForbiddenBeforeAnythingIsFetched() {
        byte[] body =
                SIGNER.notification(
                        TOPIC, "m", "{}", NOW.toString(), "https://attacker.example/sns.pem");

        assertRefused(body, 403, "SigningCertURL");
        assertThat(fetched).isEmpty();
    }

    @Test
    void awsTrustAcceptsOnlyHttpsPemOnAnSnsHost() {
        SnsTrust aws = SnsTrust.aws();
        assertThat(aws.certificate(AWS_CERT)).isNotNull();
        assertThat(
                        aws.certificate(
                                "https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-x.pem"))
                .isNotNull();
        assertThat(aws.certificate("http://sns.us-east-1.amazonaws.com/x.pem")).isNull();
        assertThat(aws.certificate("https://sns.us-east-1.amazonaws.com.attacker.example/x.pem"))
                .isNull();
        assertThat(aws.certificate("https://sns.us-east-1.amazonaws.com@attacker.example/x.pem"))
                .isNull();
        assertThat(aws.certificate("https://s3.amazonaws.com/bucket/x.pem")).isNull();
        assertThat(aws.certificate("https://sns.us-east-1.amazonaws.com:8443/x.pem")).isNull();
        assertThat(aws.certificate("https://sns.us-east-1.amazonaws.com/x.txt")).isNull();
        assertThat(aws.certificate("file:/etc/x.pem")).isNull();
        assertThat(aws.subscribe("https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription"))
                .isNotNull();
        SnsTrust prefix = new SnsTrust(PREFIX);
        assertThat(prefix.certificate(CERT)).isNotNull();
        assertThat(prefix.certificate("file:/certs/../etc/passwd")).isNull();
        assertThat(prefix.certificate("file:/certs/%2e%2e/etc/passwd")).isNull();
        assertThat(prefix.certificate(AWS_CERT)).isNull();
    }

    @Test
    void aMessageOlderThanSnsRetriesIsAReplay() throws Exception {
        Instant signed = NOW.minus(Duration.ofMinutes(64));
        byte[] recent = SIGNER.notification(TOPIC, "m", "{}", signed.toString(), CERT);
        assertThat(source().accept(request(recent, NOW))).hasSize(1);

        byte[] old =
                SIGNER.notification(
                        TOPIC, "m", "{}", NOW.minus(Duration.ofMinutes(66)).toString(), CERT);
        assertRefused(old, 403, "replay");
    }

    @Test
    void aCertificateThatCannotBeFetchedFailsTheRequestSoThatSnsRetries() {
        byte[] body = SIGNER.notification(TOPIC, "m", "{}", NOW.toString(), PREFIX + "gone.pem");

        assertThatThrownBy(() -> source().accept(request(body, NOW)))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("gone.pem");
    }

    @Test
    void aSubscriptionToOurTopicIsConfirmed() throws Exception {
        String subscribe = PREFIX + "confirm?Action=ConfirmSubscription&Token=abc";
        byte[] body = SIGNER.subscriptionConfirmation(TOPIC, subscribe, NOW.toString(), CERT);

        assertThat(source().accept(request(body, NOW))).isEmpty();
        assertThat(fetched).containsExactly(URI.create(CERT), URI.create(subscribe));
    }

    @Test
    void aSubscriptionToAnotherTopicIsForbiddenAndNotConfirmed() {
        byte[] body =
                SIGNER.subscriptionConfirmation(
                        "arn:aws:sns:us-east-1:999999999999:other",
                        PREFIX + "confirm?Token=abc",
                        NOW.toString(),
                        CERT);

        assertRefused(body, 403, "not in ingest.ses.topic-arns");
        assertThat(fetched).isEmpty();
    }

    @Test
    void aSubscribeUrlOutsideTheTrustedSourceIsNotFetched() {
        byte[] body =
                SIGNER.subscriptionConfirmation(
                        TOPIC, "https://attacker.example/confirm", NOW.toString(), CERT);

        assertRefused(body, 403, "SubscribeURL");
        assertThat(fetched).containsExactly(URI.create(CERT));
    }

    @Test
    void anUnsubscribeConfirmationIsAcknowledgedOnly() throws Exception {
        var fields =
                SnsSigner.fields(
                        SIGNER.subscriptionConfirmation(
                                TOPIC, PREFIX + "confirm?Token=abc", NOW.toString(), CERT));
        fields.remove("Signature");
        fields.put("Type", "UnsubscribeConfirmation");

        assertThat(source().accept(request(SIGNER.sign(fields), NOW))).isEmpty();
        assertThat(fetched).containsExactly(URI.create(CERT));
    }

    @Test
    void aBodyThatIsNoSnsMessageIsMalformed() {
        assertRefused("not json".getBytes(UTF_8), 400, "not JSON");
        assertRefused("[1]".getBytes(UTF_8), 400, "not a JSON object");
        assertRefused("{\"Type\":\"Other\"}".getBytes(UTF_8), 400, "Type");
        assertRefused(
                "{\"Type\":\"Notification\",\"TopicArn\":\"x\"}".getBytes(UTF_8),
                400,
                "without MessageId");
    }

    @Test
    void theStringToSignFollowsAwsOrder() throws Exception {
        SnsMessage m = SnsMessage.parse(bytes("sns-notification-subject-v1.json"));

        assertThat(new String(m.stringToSign(), UTF_8))
                .isEqualTo(
                        "Message\nHello world\n"
                                + "MessageId\n11405cc3-9ac7-56d5-b45d-079e8f7a8edf\n"
                                + "Subject\nHello world\n"
                                + "Timestamp\n2022-07-28T22:53:49.654Z\n"
                                + "TopicArn\narn:aws:sns:us-east-2:295079676684:publish-and-verify-6e11fed2-fcdf-4c52-9dc4-36ef43f37f84\n"
                                + "Type\nNotification\n");
    }

    private void assertRefused(byte[] body, int status, String reason) {
        assertThatThrownBy(() -> source().accept(request(body, NOW)))
                .isInstanceOfSatisfying(
                        WebhookRefusal.class,
                        r -> {
                            assertThat(r.status()).isEqualTo(status);
                            assertThat(r.getMessage()).contains(reason);
                        });
    }
}
