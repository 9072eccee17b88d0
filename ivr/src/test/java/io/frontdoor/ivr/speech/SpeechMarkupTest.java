package io.frontdoor.ivr.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SpeechMarkupTest {

    @Test
    void hanAndLatinRunsGoToTheirVoices() {
        assertEquals("<speak><voice name=\"en-us\">For balance press 1. </voice>"
                        + "<voice name=\"cmn-latn-pinyin\">如需中文服务请按2. </voice>"
                        + "<voice name=\"en-us\">Agent 0.</voice></speak>",
                SpeechMarkup.ssml("For balance press 1. 如需中文服务请按2. Agent 0.", "cmn-latn-pinyin", "en-us", Map.of()));
    }

    @Test
    void digitsAndPunctuationJoinTheNeighbouringRun() {
        assertEquals("<speak><voice name=\"en-us\">1, go</voice></speak>",
                SpeechMarkup.ssml("1, go", "cmn-latn-pinyin", "en-us", Map.of()));
        assertEquals("<speak><voice name=\"cmn-latn-pinyin\">请按2. </voice><voice name=\"en-us\">Go</voice></speak>",
                SpeechMarkup.ssml("请按2. Go", "cmn-latn-pinyin", "en-us", Map.of()));
        assertEquals("<speak>138 0013 8000</speak>", SpeechMarkup.ssml("138 0013 8000", "cmn-latn-pinyin", "en-us", Map.of()));
    }

    @Test
    void markupCharactersAreEscaped() {
        assertEquals("<speak><voice name=\"en-us\">&lt;b&gt; &amp; &quot;x&quot;</voice></speak>",
                SpeechMarkup.ssml("<b> & \"x\"", "cmn-latn-pinyin", "en-us", Map.of()));
    }

    @Test
    void lexiconRespellsOnlyInsideItsVoice() {
        Map<String, Map<String, String>> lexicon = Map.of("cmn-latn-pinyin", Map.of("银行", "yin2hang2"));
        assertEquals("<speak><voice name=\"cmn-latn-pinyin\">示例 yin2hang2 。</voice></speak>",
                SpeechMarkup.ssml("示例银行。", "cmn-latn-pinyin", "en-us", lexicon));
    }
}
