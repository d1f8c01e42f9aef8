package io.bouncewatch.rules;

/** Advice on a route, a mailbox towards one provider, from least to most severe. */
public enum RouteStatus implements StableCode {
    OK(0),
    SLOW_DOWN(1),
    BLOCKED(2);

    private static final RouteStatus[] BY_CODE = StableCode.byCode(values());

    private final int code;

    RouteStatus(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    /**
     * @throws IllegalArgumentException for a code no value of this release has
     */
    public static RouteStatus fromCode(int code) {
        return StableCode.lookup(BY_CODE, code, "RouteStatus");
    }
}
