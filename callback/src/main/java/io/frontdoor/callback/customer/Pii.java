package io.frontdoor.callback.customer;

/**
 * Masks personal data for logs: names and numbers never reach a log line in full.
 */
public final class Pii {
    private Pii() {
    }

    /** "+8613800138000" becomes "+86*******8000"; null or short values are masked whole. */
    public static String phone(String number) {
        if (number == null || number.isEmpty()) {
            return "-";
        }
        int keepHead = number.startsWith("+") ? 3 : 2;
        int keepTail = 4;
        if (number.length() <= keepHead + keepTail) {
            return "*".repeat(number.length());
        }
        return number.substring(0, keepHead) + "*".repeat(number.length() - keepHead - keepTail)
                + number.substring(number.length() - keepTail);
    }

    /** "Chen Wei" becomes "C*** W**"; "陈伟" becomes "陈*". */
    public static String name(String name) {
        if (name == null || name.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder(name.length());
        boolean wordStart = true;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (Character.isWhitespace(cp)) {
                out.appendCodePoint(cp);
                wordStart = true;
            } else {
                out.append(wordStart ? new String(Character.toChars(cp)) : "*");
                wordStart = false;
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** Masks every run of 5 or more digits in free text (prompts, TTS text, error messages). */
    public static String text(String text) {
        if (text == null) {
            return "-";
        }
        return text.replaceAll("(\\+?\\d{2})\\d+(\\d{4})", "$1****$2");
    }
}
