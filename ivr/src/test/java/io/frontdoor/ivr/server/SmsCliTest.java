package io.frontdoor.ivr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code frontdoor sms send|list}, in-process against a real embedded H2 database. */
class SmsCliTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run frontdoor(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new FrontDoorCommand(Map.of("FRONTDOOR_HOME", REPO.toString(),
                "FRONTDOOR_DATA_DIR", dir.resolve("data").toString())).commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void sendQueuesATemplateOrATextAndListShowsThem() throws Exception {
        Run t = frontdoor("sms", "send", "--to", "13800138000", "--template", "repay_link", "--lang", "zh",
                "--var", "name=陈先生", "--var", "link=https://eb.example/r", "--key", "repay-1");
        assertEquals(0, t.exit(), t.err());
        assertTrue(t.out().contains("queued sms") && t.out().contains("a running FrontDoor server sends it"), t.out());
        Run again = frontdoor("sms", "send", "--to", "+8613800138000", "--template", "repay_link", "--lang", "zh",
                "--var", "name=陈先生", "--var", "link=https://eb.example/r", "--key", "repay-1");
        assertTrue(again.out().contains("nothing new queued"), again.out());
        assertEquals(0, frontdoor("sms", "send", "--to", "+8613900139000", "--text", "Hello").exit());
        Run missing = frontdoor("sms", "send", "--to", "+8613900139000", "--template", "repay_link");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("{name}") || missing.err().contains("{link}"), missing.err());
        assertEquals(2, frontdoor("sms", "send", "--to", "+8613900139000", "--template", "nope").exit());

        Run list = frontdoor("sms", "list", "--phone", "13800138000", "--json");
        assertEquals(0, list.exit(), list.err());
        JsonNode rows = new ObjectMapper().readTree(list.out());
        assertEquals(1, rows.size());
        assertEquals("QUEUED", rows.get(0).get("state").asText());
        assertEquals("【示例银行】尊敬的陈先生，您的还款即将到期，请通过示例银行App或https://eb.example/r安全还款。如已还款请忽略。",
                rows.get(0).get("text").asText());
        Run table = frontdoor("sms", "list", "--state", "queued");
        assertTrue(table.out().contains("+8613900139000") && table.out().contains("Hello"), table.out());
        assertEquals(2, frontdoor("sms", "list", "--state", "bogus").exit());
    }
}
