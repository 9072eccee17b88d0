package io.frontdoor.callback.customer;

/** Service tier of a customer; VIP customers are offered callbacks and priority queues. */
public enum Tier {
    VIP,
    STANDARD;

    /** Parses "vip", "VIP", "standard" (case-insensitive). */
    public static Tier parse(String text) {
        if (text == null || text.isBlank()) {
            return STANDARD;
        }
        return switch (text.trim().toUpperCase(java.util.Locale.ROOT)) {
            case "VIP" -> VIP;
            case "STANDARD", "STD" -> STANDARD;
            default -> throw new IllegalArgumentException("unknown tier '" + text.trim() + "' (expected vip or standard)");
        };
    }
}
