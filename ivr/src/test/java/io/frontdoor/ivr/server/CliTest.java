package io.frontdoor.ivr.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.frontdoor.callback.customer.Customer;
import io.frontdoor.callback.customer.Interaction;
import io.frontdoor.callback.customer.Outcome;
import io.frontdoor.callback.store.Database;
import io.frontdoor.callback.store.HibernateCustomerDirectory;
import io.frontdoor.callback.store.HibernateInteractionLog;
import io.frontdoor.callback.store.StoreSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The {@code frontdoor} command line, run in-process against a real embedded H2 database. */
class CliTest {
    /** Tests run in ivr/; the shipped dialplans/, prompts/ and examples/ are one level up. */
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    private Run frontdoor(String... args) {
        return frontdoor(Map.of(), args);
    }

    private Run frontdoor(Map<String, String> extraEnvironment, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("FRONTDOOR_HOME", REPO.toString());
        env.put("FRONTDOOR_DATA_DIR", dataDir().toString());
        env.putAll(extraEnvironment);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new FrontDoorCommand(env).commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private Database openStore() {
        return Database.open(StoreSettings.embeddedH2(dataDir()));
    }

    @Test
    void importsTheShippedExampleCustomers() {
        Run run = frontdoor("customers", "import", REPO.resolve("examples/customers.csv").toString());

        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("imported 6 customer(s)"), run.out());
        assertEquals("", run.err());
        try (Database db = openStore()) {
            HibernateCustomerDirectory customers = new HibernateCustomerDirectory(db);
            assertEquals(6, customers.count());
            assertEquals(List.of("H2001", "H2002"),
                    customers.findByPhone("+8613500135000").stream().map(Customer::id).toList());
        }
    }

    @Test
    void badCsvLinesAreReportedWithTheirLineNumbersAndTheGoodOnesImported() throws Exception {
        Path csv = dir.resolve("customers.csv");
        Files.writeString(csv, """
                id,phone,name,salutation,tier,language,flags
                C1,+86 138 0013 8000,Chen,Mr.,VIP,en,
                C2,12,Li,Ms.,standard,en,
                C3,+86 137 0013 7000,Wang,Mr.,gold,zh,

                C4,+86 136 0013 6000,,Ms.,standard,zh,
                C5,+86 135 0013 5000,Zhao,Mr.,VIP,en,no_sms
                """);

        Run run = frontdoor("customers", "import", csv.toString());

        assertEquals(1, run.exit(), run.err());
        assertTrue(run.out().contains("imported 2 customer(s), rejected 3 line(s)"), run.out());
        List<String> errors = run.errLines();
        assertEquals(3, errors.size(), run.err());
        assertTrue(errors.get(0).startsWith(csv + ": line 3: phone "), errors.get(0));
        assertEquals(csv + ": line 4: unknown tier 'gold' (expected vip or standard)", errors.get(1));
        assertEquals(csv + ": line 6: name is empty", errors.get(2));
        try (Database db = openStore()) {
            HibernateCustomerDirectory customers = new HibernateCustomerDirectory(db);
            assertEquals(2, customers.count());
            assertTrue(customers.findById("C1").isPresent());
            assertEquals(Set.of("no_sms"), customers.findById("C5").orElseThrow().flags());
            for (String rejected : List.of("C2", "C3", "C4")) {
                assertFalse(customers.findById(rejected).isPresent(), rejected);
            }
        }
    }

    @Test
    void csvWithoutARequiredColumnIsRefusedWholeWithExitCode2() throws Exception {
        Path csv = dir.resolve("no-name.csv");
        Files.writeString(csv, "id,phone,salutation,tier,language\nC1,+86 138 0013 8000,Mr.,VIP,en\n");

        Run run = frontdoor("customers", "import", csv.toString());

        assertEquals(2, run.exit());
        assertEquals(List.of("frontdoor: " + csv + ": line 1: missing column(s) name"
                + " (required: id,phone,name,salutation,tier,language)"), run.errLines());
        assertEquals("", run.out());
        try (Database db = openStore()) {
            assertEquals(0, new HibernateCustomerDirectory(db).count());
        }
    }

    @Test
    void missingCsvFileIsOneLineWithExitCode2AndCreatesNoDatabase() {
        Path csv = dir.resolve("nowhere.csv");

        Run run = frontdoor("customers", "import", csv.toString());

        assertEquals(2, run.exit());
        assertEquals(List.of("frontdoor: " + csv + ": no such file"), run.errLines());
        assertFalse(Files.exists(dataDir()), "the data directory was created for nothing");
    }

    @Test
    void badConfigurationNamesEachProblemOnItsOwnLineWithExitCode2() {
        Run run = frontdoor(Map.of("FRONTDOOR_AGI_PORT", "http", "FRONTDOOR_CALLERID_TRUST", "sometimes"), "config");

        assertEquals(2, run.exit());
        assertEquals(List.of("frontdoor: bad configuration:",
                "  agi.port (FRONTDOOR_AGI_PORT) = 'http': must be a whole number",
                "  callerid.trust (FRONTDOOR_CALLERID_TRUST) = 'sometimes': must be one of entry-points, attestation, never"),
                run.errLines());
        assertEquals("", run.out());
    }

    @Test
    void missingConfigurationFileIsOneLineWithExitCode2() {
        Path file = dir.resolve("frontdoor.yaml");

        Run run = frontdoor("--config", file.toString(), "customers", "import", "x.csv");

        assertEquals(2, run.exit());
        assertEquals(List.of("frontdoor: configuration " + file + ": no such file"), run.errLines());
    }

    @Test
    void noSubcommandIsAUsageErrorWithExitCode2() {
        Run run = frontdoor();

        assertEquals(2, run.exit());
        assertTrue(run.err().startsWith("Missing required subcommand"), run.err());
        assertTrue(run.err().contains("Usage: frontdoor"), run.err());
    }

    @Test
    void shippedDialplansPassTheCheck() {
        Path dialplans = REPO.resolve("dialplans");

        Run run = frontdoor("dialplan", "check", dialplans.toString());

        assertEquals(0, run.exit(), run.out() + run.err());
        assertEquals(List.of(dialplans + ": OK"), run.out().lines().toList());
    }

    @Test
    void brokenFlowIsReportedAsFileLineReasonWithExitCode1() throws Exception {
        Path flow = dir.resolve("broken.yaml");
        Files.writeString(flow, """
                name: broken
                language: en
                start: main_menu
                steps:
                  main_menu:
                    menu:
                      prompt: menu.main
                      choices:
                        "1": balanse
                        "2": route
                      on_fail: agent
                  route:
                    rules:
                      - when: "customer.tier == 'VIP' &&"
                        goto: agent
                      - otherwise: agent
                  agent: { queue: { name: general } }
                """);

        Run run = frontdoor("dialplan", "check", flow.toString());

        assertEquals(1, run.exit(), run.out());
        List<String> problems = run.out().lines().toList();
        assertEquals(2, problems.size(), run.out());
        assertTrue(problems.contains(flow + ":9: step 'main_menu' goes to unknown step 'balanse'"), run.out());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(
                flow + ":14: step 'route': rule \"customer.tier == 'VIP' &&\" does not compile")), run.out());
        assertFalse(run.out().contains("OK"), run.out());
    }

    private void recordTwoCalls() {
        try (Database db = openStore()) {
            HibernateInteractionLog log = new HibernateInteractionLog(db);
            log.record(Interaction.builder("call-older", Interaction.Channel.VOICE, Instant.parse("2026-11-20T09:00:00Z"))
                    .customerId("C1001").phone("+8613800138000").dialled("4001234567").flow("hotline-en")
                    .language("en").greeting("returning").endedAt(Instant.parse("2026-11-20T09:02:00Z"))
                    .outcome(Outcome.QUEUED).endStep("vip_queue").path("greet>route>vip_queue").route("vip")
                    .build());
            log.record(Interaction.builder("call-newer", Interaction.Channel.VOICE, Instant.parse("2026-11-21T10:30:00Z"))
                    .phone("+8613900139000").dialled("4001234567").flow("hotline-en").language("en")
                    .greeting("unknown").outcome(Outcome.CALLER_HUNG_UP).endStep("main_menu")
                    .path("greet>route>main_menu").choices("main_menu=1").build());
        }
    }

    @Test
    void callsListJsonIsAnArrayNewestFirstWithEveryField() throws Exception {
        recordTwoCalls();

        Run run = frontdoor("calls", "list", "--json");

        assertEquals(0, run.exit(), run.err());
        JsonNode calls = new ObjectMapper().readTree(run.out());
        assertTrue(calls.isArray(), run.out());
        assertEquals(2, calls.size());
        JsonNode newer = calls.get(0);
        JsonNode older = calls.get(1);
        assertEquals("call-newer", newer.get("ref").asText());
        assertEquals("call-older", older.get("ref").asText());
        List<String> fields = new ArrayList<>();
        older.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("id", "ref", "channel", "customerId", "phone", "dialled", "flow", "language", "greeting",
                "startedAt", "endedAt", "outcome", "endStep", "path", "choices", "route", "detail"), fields);
        assertEquals("VOICE", older.get("channel").asText());
        assertEquals("C1001", older.get("customerId").asText());
        assertEquals("+8613800138000", older.get("phone").asText());
        assertEquals(Instant.parse("2026-11-20T09:00:00Z"), Instant.parse(older.get("startedAt").asText()));
        assertEquals(Instant.parse("2026-11-20T09:02:00Z"), Instant.parse(older.get("endedAt").asText()));
        assertEquals("QUEUED", older.get("outcome").asText());
        assertEquals("greet>route>vip_queue", older.get("path").asText());
        assertEquals("vip", older.get("route").asText());
        assertTrue(newer.get("customerId").isNull());
        assertTrue(newer.get("endedAt").isNull());
        assertEquals("CALLER_HUNG_UP", newer.get("outcome").asText());
        assertEquals("main_menu=1", newer.get("choices").asText());
    }

    @Test
    void callsListNumberFilterMatchesTheCallerInAnyWrittenForm() throws Exception {
        recordTwoCalls();

        for (String written : List.of("13800138000", "+86 138 0013 8000")) {
            Run run = frontdoor("calls", "list", "--json", "--number", written);

            assertEquals(0, run.exit(), run.err());
            JsonNode calls = new ObjectMapper().readTree(run.out());
            assertEquals(1, calls.size(), written + ": " + run.out());
            assertEquals("call-older", calls.get(0).get("ref").asText());
        }
    }

    @Test
    void callsListTableShowsOneLinePerCallUnderAHeader() {
        recordTwoCalls();

        Run run = frontdoor("calls", "list", "--customer", "C1001");

        assertEquals(0, run.exit(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(2, lines.size(), run.out());
        assertTrue(lines.get(0).startsWith("started"), lines.get(0));
        assertTrue(lines.get(1).matches("2026-11-20T09:00:00 +C1001 +\\+8613800138000 +hotline-en +returning +QUEUED"
                + " +vip_queue +greet>route>vip_queue"), lines.get(1));
    }

    @Test
    void callsListRefusesAnInvalidNumberWithExitCode2() {
        Run run = frontdoor("calls", "list", "--number", "abc");

        assertEquals(2, run.exit());
        assertEquals(List.of("frontdoor: --number 'abc' is not a valid phone number"
                + " (numbers without a country code are read as region CN)"), run.errLines());
        assertEquals("", run.out());
    }

    @Test
    void configPrintsEveryKeyWithItsVariableAndMasksThePassword() {
        Run run = frontdoor(Map.of("FRONTDOOR_DB_PASSWORD", "s3cret-pw", "FRONTDOOR_AGI_PORT", "5000"), "config");

        assertEquals(0, run.exit(), run.err());
        Set<String> printedKeys = new TreeSet<>();
        run.out().lines().filter(l -> !l.startsWith(" ")).forEach(l -> printedKeys.add(l.split("\\s+")[0]));
        Set<String> allKeys = new TreeSet<>();
        for (Setting key : Settings.KEYS) {
            allKeys.add(key.name());
            assertTrue(run.out().contains("(" + key.environmentVariable() + ")"), key.environmentVariable());
        }
        assertEquals(allKeys, printedKeys);
        assertFalse(run.out().contains("s3cret-pw"), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("db\\.password\\s+\\*{8}")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("agi\\.port\\s+5000")), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("data-dir\\s+" + java.util.regex.Pattern.quote(
                dataDir().toString()))), run.out());
    }
}
