package io.frontdoor.ivr.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.frontdoor.ivr.rules.RuleEngine;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Good and bad dialplan fixtures: every bad file's exact lines and reasons. */
class DialplanValidationTest {
    private final DialplanLoader loader = new DialplanLoader(new RuleEngine(), new FakeAudioCatalog()::has);

    static Path fixtures(String kind) {
        try {
            return Path.of(DialplanValidationTest.class.getResource("/dialplans/" + kind).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Path> goodFiles() throws Exception {
        try (Stream<Path> s = Files.list(fixtures("good"))) {
            return s.sorted().toList().stream();
        }
    }

    /** Errors with the folder stripped, so they read {@code file.yaml:line: reason}. */
    private List<String> errors(String badFile) {
        Path dir = fixtures("bad");
        DialplanLoader.Result r = loader.load(dir.resolve(badFile));
        assertNull(r.flow(), "a file with errors gives no flow");
        return r.errors().stream().map(e -> e.substring(dir.toString().length() + 1)).toList();
    }

    @ParameterizedTest
    @MethodSource("goodFiles")
    void goodDialplanLoadsWithoutErrors(Path file) {
        DialplanLoader.Result r = loader.load(file);
        assertEquals(List.of(), r.errors());
        assertNotNull(r.flow());
    }

    @Test
    void shippedDialplansPassTheCheck() {
        // surefire runs in the module folder; the shipped dialplans sit beside it
        Path shipped = Path.of("").toAbsolutePath().resolveSibling("dialplans");
        assertEquals(List.of(), DialplanCheck.check(shipped, new FakeAudioCatalog()::has));
    }

    @Test
    void spokenChoicesWithWordsTheRecognizerDoesNotKnowAreRejectedAtTheirLine() {
        assertEquals(List.of(
                "speech_unknown_word.yaml:9: step 'main_menu': choice '3': the speech recognizer does not know the word "
                        + "'callback' (not in its English dictionary, it would never be heard); use other words",
                "speech_unknown_word.yaml:10: step 'main_menu': 'balance' is said for both choice '1' and choice '0'",
                "speech_unknown_word.yaml:11: step 'main_menu': choice '9' is missing 'goto'",
                "speech_unknown_word.yaml:12: step 'main_menu': confirm_below '2' must be a number from 0 (never confirm) "
                        + "to 1 (always confirm)"),
                errors("speech_unknown_word.yaml"));
    }

    @Test
    void speechOnAMandarinFlowIsAConfigurationError() {
        assertEquals(List.of("speech_mandarin.yaml:5: step 'main_menu': spoken choices ('say') need an English flow; "
                + "this flow's language is zh and there is no Mandarin speech recognizer (Mandarin menus take keys only)"),
                errors("speech_mandarin.yaml"));
    }

    @Test
    void stepGoingToAnUnknownStepIsReportedAtTheReference() {
        assertEquals(List.of("unknown_target.yaml:8: step 'main_menu' goes to unknown step 'balanse'"),
                errors("unknown_target.yaml"));
    }

    @Test
    void unknownStepKindsAndDoubleKindsAreReported() {
        assertEquals(List.of(
                "unknown_kind.yaml:3: step 'first' has unknown step kind (keys playy, next; expected one of greet,"
                        + " play, say, menu, rules, language, queue, transfer, set, hangup, goto, sms, offer_callback)",
                "unknown_kind.yaml:5: step 'both' has more than one kind: play, hangup"),
                errors("unknown_kind.yaml"));
    }

    @Test
    void unknownAndMissingKeysAreAllReported() {
        assertEquals(List.of(
                "unknown_keys.yaml:1: dialplan has unknown key 'hotlines' (expected one of calendars, description,"
                        + " hotline, language, name, start, steps, timezone)",
                "unknown_keys.yaml:5: step 'menu' menu has unknown key 'retry' (expected one of choices, confirm, confirm_below, invalid,"
                        + " no_input, on_fail, prompt, retries, speech_prompt, timeout)",
                "unknown_keys.yaml:6: step 'bye' has unknown key 'next' (expected one of hangup)",
                "unknown_keys.yaml:8: step 'greet' is missing greet 'first_time'"),
                errors("unknown_keys.yaml"));
    }

    @Test
    void missingStartIsReported() {
        assertEquals(List.of("missing_start.yaml:1: dialplan is missing 'start'"), errors("missing_start.yaml"));
    }

    @Test
    void rulesWithoutOtherwiseAreReported() {
        assertEquals(List.of("rules_without_otherwise.yaml:5: step 'route': rules need a final 'otherwise'"),
                errors("rules_without_otherwise.yaml"));
    }

    @Test
    void rulesThatDoNotCompileAreReportedAtTheirLine() {
        List<String> errors = errors("bad_rules.yaml");
        assertEquals(5, errors.size(), errors.toString());
        assertEquals("bad_rules.yaml:8: step 'route': rule \"customer.tier == 'VIP' &&\" does not compile: ",
                errors.get(0).substring(0, errors.get(0).indexOf("compile: ") + 9));
        assertEquals(List.of(
                "bad_rules.yaml:10: step 'route': rule \"customer.name == 'Chen'\" does not compile: customer has"
                        + " no field 'name' (it has flags, id, known, language, tier)",
                "bad_rules.yaml:12: step 'route': rule \"secret_flag\" does not compile: undeclared reference to"
                        + " 'secret_flag' (in container '')",
                "bad_rules.yaml:14: step 'route': rule uses hours.weekend but the flow has no calendar 'weekend'",
                "bad_rules.yaml:16: step 'route': rule \"customer.teir == 'VIP' || time.weekday == 'mon'\" does not"
                        + " compile: customer has no field 'teir' (it has flags, id, known, language, tier)"),
                errors.subList(1, 5));
    }

    @Test
    void promptsMissingFromTheCatalogAreReportedPerLanguage() {
        assertEquals(List.of(
                "missing_prompts.yaml:4: step 'first' uses prompt 'missing.welcome' that is not in the audio catalog for language 'en'",
                "missing_prompts.yaml:4: step 'first' uses prompt 'missing.welcome' that is not in the audio catalog for language 'zh'"),
                errors("missing_prompts.yaml"));
    }

    @Test
    void flowWithAGreetingNeedsItsPromptsInEveryLanguageBecauseCustomersAreGreetedInTheirOwn() {
        Path en = fixtures("good").resolve("hotline-en.yaml");
        DialplanLoader noChinese = new DialplanLoader(new RuleEngine(),
                (id, lang) -> !(lang.equals("zh") && id.equals("menu.main")));
        List<String> errors = noChinese.load(en).errors();
        assertEquals(List.of(en + ":26: step 'main_menu' uses prompt 'menu.main' that is not in the audio"
                + " catalog for language 'zh'"), errors);
    }

    @Test
    void badLanguagesZonesCalendarsDigitsDurationsAndNumbersAreReported() {
        assertEquals(List.of(
                "bad_values.yaml:1: dialplan: language 'fr' is not supported (expected en or zh)",
                "bad_values.yaml:2: unknown timezone 'Mars/Olympus' (expected e.g. Asia/Shanghai)",
                "bad_values.yaml:4: calendar 'main': unknown day 'fry' (expected mon..sun)",
                "bad_values.yaml:4: calendar 'main': time range '18:00-09:00' is empty or runs backwards",
                "bad_values.yaml:4: calendar 'main': holiday '2026-13-01' is not a date (YYYY-MM-DD)",
                "bad_values.yaml:10: step 'menu': choice '1a' must be 1-10 of the keys 0-9 and * (# ends input)",
                "bad_values.yaml:10: step 'menu': choice '#' must be 1-10 of the keys 0-9 and * (# ends input)",
                "bad_values.yaml:11: step 'menu': bad timeout '5 sec' (expected 1s to 60s, like 5s or 1500ms)",
                "bad_values.yaml:12: step 'menu': retries 'many' must be 0 to 9",
                "bad_values.yaml:14: step 'zh': language 'de' is not supported (expected en or zh)",
                "bad_values.yaml:15: step 'agent': queue priority 'high' must be a whole number 0-999"),
                errors("bad_values.yaml"));
    }

    @Test
    void loopThatNeverWaitsForTheCallerIsRejected() {
        assertEquals(List.of("busy_loop.yaml:3: steps a, b, c form a loop that never waits for the caller"
                + " (add a menu or an exit)"), errors("busy_loop.yaml"));
    }

    @Test
    void invalidYamlIsReportedWithItsLine() {
        assertEquals(List.of("not_yaml.yaml:4: not valid YAML: expected ',' or '}', but got <scalar>"),
                errors("not_yaml.yaml"));
    }

    @Test
    void checkingAFolderReportsEveryBadFile() {
        List<String> errors = DialplanCheck.check(fixtures("bad"), new FakeAudioCatalog()::has);
        assertEquals(12, errors.stream().map(e -> e.substring(0, e.indexOf(".yaml:"))).distinct().count(),
                errors.toString());
    }
}
