package io.frontdoor.ivr.speech;

import java.util.Map;

/**
 * Builds the SSML that espeak-ng reads. Bank prompts mix scripts ("如需中文服务请按2" inside an
 * English menu, "For English press 2" inside a Mandarin one) and no single espeak-ng voice reads
 * both: the Mandarin voice reads Latin letters as pinyin, the English voice says "Chinese letter"
 * for every character. So each run of Han characters goes to the Mandarin voice and each run of
 * Latin letters to the English voice, inside one SSML document (one process, one WAV).
 */
final class SpeechMarkup {
    private SpeechMarkup() {
    }

    private enum Script { HAN, LATIN, NEUTRAL }

    /**
     * @param text      the text to speak
     * @param hanVoice  voice for Han characters
     * @param latinVoice voice for Latin letters
     * @param lexicon   per-voice respellings (e.g. 银行 → yin2hang2, since espeak-ng reads 行 as xing)
     */
    static String ssml(String text, String hanVoice, String latinVoice,
                       Map<String, Map<String, String>> lexicon) {
        StringBuilder out = new StringBuilder("<speak>");
        int i = 0;
        while (i < text.length()) {
            Script script = Script.NEUTRAL;
            int start = i;
            // a run is one script plus the neutral characters (digits, spaces, punctuation) around it:
            // "请按2." keeps its digit in Mandarin, "1, go" reads the 1 in English
            while (i < text.length()) {
                int cp = text.codePointAt(i);
                Script s = scriptOf(cp);
                if (s != Script.NEUTRAL) {
                    if (script == Script.NEUTRAL) {
                        script = s;
                    } else if (s != script) {
                        break;
                    }
                }
                i += Character.charCount(cp);
            }
            String run = text.substring(start, i);
            if (script == Script.NEUTRAL) {
                out.append(escape(run));
            } else {
                String voice = script == Script.HAN ? hanVoice : latinVoice;
                out.append("<voice name=\"").append(escape(voice)).append("\">")
                        .append(escape(respell(run, lexicon.getOrDefault(voice, Map.of()))))
                        .append("</voice>");
            }
        }
        return out.append("</speak>").toString();
    }

    private static Script scriptOf(int cp) {
        Character.UnicodeScript s = Character.UnicodeScript.of(cp);
        if (s == Character.UnicodeScript.HAN) {
            return Script.HAN;
        }
        if (s == Character.UnicodeScript.LATIN) {
            return Script.LATIN;
        }
        return Script.NEUTRAL;
    }

    private static String respell(String run, Map<String, String> words) {
        String out = run;
        for (Map.Entry<String, String> e : words.entrySet()) {
            // spaces keep the respelling apart from neighbouring characters
            out = out.replace(e.getKey(), " " + e.getValue() + " ");
        }
        return out;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
