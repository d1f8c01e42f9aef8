package io.bouncewatch.config;

/** A setting with a value that is not allowed; the message is the one line the program prints. */
public final class ConfigException extends RuntimeException {

    private final String key;

    public ConfigException(String key, String value, String source, String allowed) {
        super(
                "invalid setting "
                        + key
                        + "="
                        + value
                        + (source == null ? "" : " (from " + source + ")")
                        + ": "
                        + allowed);
        this.key = key;
    }

    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The setting at fault. */
    public String key() {
        return key;
    }
}
