package io.frontdoor.callback.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The shipped templates load and render; broken files are refused with file and line. */
class SmsTemplatesTest {
    static final Path SHIPPED = Path.of("..", "prompts", "sms");

    static SmsTemplates shipped() throws Exception {
        return SmsTemplates.load(SHIPPED, "en");
    }

    /** Every required key with a plain text, in en and zh, as files. */
    private static Map<String, String> minimal() {
        StringBuilder en = new StringBuilder();
        StringBuilder zh = new StringBuilder();
        for (String k : new TreeSet<>(SmsTemplates.REQUIRED)) {
            en.append(k).append(": \"text ").append(k).append("\"\n");
            zh.append(k).append(": \"文字 ").append(k).append("\"\n");
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put("en.yaml", en.toString());
        files.put("zh.yaml", zh.toString());
        return files;
    }

    @Test
    void theShippedTemplatesLoadInBothLanguagesAndRender() throws Exception {
        SmsTemplates t = shipped();
        assertEquals(new TreeSet<>(List.of("en", "zh")), new TreeSet<>(t.languages()));
        assertTrue(t.keys().containsAll(SmsTemplates.REQUIRED));
        String zh = t.render("callback.confirm", "zh", Map.of("position", 3, "minutes", 12));
        assertEquals("【示例银行】我们将尽快给您回电，您目前排在第3位，预计约12分钟。回复“取消”可取消，回复“查询”可查看排队情况。", zh);
        String en = t.render("callback.confirm", "en", Map.of("position", 3, "minutes", 12));
        assertTrue(en.contains("number 3 in line, about 12 min") && en.contains("Reply CANCEL"), en);
        assertTrue(t.render("callback.soon", "zh", Map.of("ref", "4821")).contains("参考码为4821"));
        assertTrue(t.render("repay_link", "en", Map.of("name", "Ms. Chen", "link", "https://eb.example/p"))
                .contains("dear Ms. Chen"));
        assertEquals(new TreeSet<>(List.of("code", "minutes")), t.placeholders("otp", "zh"));
    }

    @Test
    void anUnknownLanguageFallsBackAndAMissingValueIsAnError() throws Exception {
        SmsTemplates t = shipped();
        assertEquals("en", t.language("fr"));
        assertEquals("zh", t.language("ZH"));
        assertTrue(t.render("help", "fr", Map.of()).startsWith("Example Bank:"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.render("callback.status", "en", Map.of("position", 1)));
        assertTrue(e.getMessage().contains("{minutes}"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.render("no.such", "en", Map.of()));
        assertTrue(t.render("repay_link", "en", Map.of("name", "a\u0000b", "link", "x"))
                .startsWith("Example Bank: dear ab, your"), "values lose control characters");
    }

    @Test
    void anUnknownPlaceholderIsReportedWithFileAndLine() {
        Map<String, String> files = minimal();
        files.put("zh.yaml", "# comment\nextra.one: \"您好{nmae}\"\n" + files.get("zh.yaml"));
        files.put("en.yaml", "extra.one: \"Hello {name} }\"\n" + files.get("en.yaml"));
        SmsTemplates.InvalidTemplatesException e = assertThrows(SmsTemplates.InvalidTemplatesException.class,
                () -> SmsTemplates.parse(files, "en", "prompts/sms/"));
        assertTrue(e.problems().contains("prompts/sms/zh.yaml:2: 'extra.one' uses unknown placeholder {nmae}"
                + " (known: [code, link, minutes, name, position, ref, time])"), e.problems().toString());
        assertTrue(e.problems().contains("prompts/sms/en.yaml:1: 'extra.one' has an unmatched brace"),
                e.problems().toString());
    }

    @Test
    void aKeyMissingInOneLanguageIsReportedWithWhereItIsDefined() {
        Map<String, String> files = minimal();
        files.put("en.yaml", files.get("en.yaml") + "repay_link: \"pay at {link}\"\n");
        files.put("zh.yaml", files.get("zh.yaml").replace("help: \"文字 help\"\n", ""));
        SmsTemplates.InvalidTemplatesException e = assertThrows(SmsTemplates.InvalidTemplatesException.class,
                () -> SmsTemplates.parse(files, "en", "d/"));
        int enLines = files.get("en.yaml").split("\n").length;
        assertTrue(e.problems().contains("d/zh.yaml:" + (SmsTemplates.REQUIRED.size() - 1)
                + ": missing key 'repay_link' (defined at d/en.yaml:" + enLines + ")"), e.problems().toString());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("d/zh.yaml:") && p.contains("missing key 'help'")),
                e.problems().toString());
        assertTrue(e.getMessage().contains("missing key 'help'"));
    }

    @Test
    void brokenYamlDuplicatesAndNonTextValuesAreReported() {
        Map<String, String> files = minimal();
        files.put("en.yaml", files.get("en.yaml") + "help: \"again\"\nlist.value: [a, b]\n");
        files.put("zh.yaml", "help: \"unterminated\n");
        SmsTemplates.InvalidTemplatesException e = assertThrows(SmsTemplates.InvalidTemplatesException.class,
                () -> SmsTemplates.parse(files, "en", ""));
        List<String> p = e.problems();
        int dupLine = SmsTemplates.REQUIRED.size() + 1;
        assertTrue(p.stream().anyMatch(x -> x.startsWith("en.yaml:" + dupLine + ": duplicate key 'help'")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("en.yaml:" + (dupLine + 1) + ": 'list.value' must be")),
                p.toString());
        assertTrue(p.stream().anyMatch(x -> x.startsWith("zh.yaml:") && x.contains("not valid YAML")), p.toString());
    }
}
