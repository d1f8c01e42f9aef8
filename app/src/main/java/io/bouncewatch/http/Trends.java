package io.bouncewatch.http;

/**
 * The fleet over time and what went wrong lately, for the dashboard's charts and views: the
 * per-minute series, the latest dead letters and the consumer lag, each as its JSON answer.
 */
public interface Trends {

    /**
     * The series of the last {@code minutes} minutes: merged over every instance, or this
     * instance's own minutes alone when another instance asks ({@code localOnly}).
     *
     * @param range how the request named the minutes, said in the answer
     */
    byte[] series(String range, int minutes, boolean localOnly) throws InterruptedException;

    /** The latest {@code limit} dead letters, newest first. */
    byte[] deadLetters(int limit);

    /**
     * The monitor's consumer lag on its input topics.
     *
     * @throws Unanswered when the cluster did not answer in time
     */
    byte[] lag() throws InterruptedException;

    /** 503: the cluster did not answer; ask again in a moment. */
    final class Unanswered extends RuntimeException {
        public Unanswered(String message) {
            super(message, null, false, false);
        }
    }
}
