package io.frontdoor.ivr.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.frontdoor.ivr.caller.Greeting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The catalog and recordings shipped in {@code prompts/}: complete in both languages and in sync. */
class ShippedCatalogTest {
    /** Surefire runs in the ivr module directory. */
    private static final Path PROMPTS = Path.of("..", "prompts").toAbsolutePath().normalize();
    private final CatalogLoader.Texts texts = CatalogLoader.load(PROMPTS.resolve("catalog.yaml"));

    @Test
    void everyGreetingAndFlowPromptExistsInEnglishAndMandarin() {
        List<String> ids = new ArrayList<>();
        for (Greeting g : Greeting.values()) {
            ids.add("greeting." + g.label());
        }
        ids.addAll(List.of("greeting.ask_customer", "menu.main", "menu.invalid", "menu.no_input",
                "selfservice.balance", "closed.message", "queue.transfer", "vip.queue", "goodbye"));
        for (String id : ids) {
            Map<String, String> byLang = texts.prompts().get(id);
            assertTrue(byLang != null, "missing prompt " + id);
            assertTrue(byLang.containsKey("en") && byLang.containsKey("zh"), id + " must have en and zh");
        }
        assertEquals(List.of("en", "zh"), texts.languages());
    }

    @Test
    void everyCallbackPromptAndRefusalExistsInEnglishAndMandarin() {
        List<String> ids = new ArrayList<>(List.of("callback.wait", "callback.position", "callback.offer_menu",
                "callback.offer_menu_asap", "callback.choose_time", "callback.slot", "callback.confirm_number",
                "callback.enter_number", "callback.accepted", "callback.accepted_soon", "callback.accepted_timed",
                "callback.pending", "callback.pending_timed", "callback.pending_menu", "callback.kept",
                "callback.cancelled", "callback.hold_now", "callback.being_dialled", "callback.announce",
                "callback.declined", "callback.apology", "callback.agent_preview", "callback.agent_preview_unknown",
                "callback.agent_dialling", "callback.tier_vip", "callback.tier_standard"));
        for (var r : io.frontdoor.callback.queue.CallbackNumberPolicy.Refusal.values()) {
            ids.add(r.prompt());
        }
        for (var r : io.frontdoor.callback.dispatch.CallbackService.Refusal.values()) {
            ids.add(r.prompt());
        }
        for (String id : ids) {
            Map<String, String> byLang = texts.prompts().get(id);
            assertTrue(byLang != null, "missing prompt " + id);
            assertTrue(byLang.containsKey("en") && byLang.containsKey("zh"), id + " must have en and zh");
        }
        for (String text : texts.prompts().get("callback.agent_preview").values()) {
            assertTrue(Placeholders.names(text).containsAll(List.of("name", "tier")), text);
        }
    }

    @Test
    void returningGreetingSpeaksNameAndSalutation() {
        for (String text : texts.prompts().get("greeting.returning").values()) {
            assertTrue(Placeholders.names(text).containsAll(List.of("name", "salutation")), text);
        }
    }

    @Test
    void everyFixedPromptHasAValidRecording() {
        for (var prompt : texts.prompts().entrySet()) {
            for (var t : prompt.getValue().entrySet()) {
                Path wav = PROMPTS.resolve(t.getKey()).resolve(prompt.getKey() + ".wav");
                if (Placeholders.has(t.getValue())) {
                    assertFalse(Files.exists(wav), wav + " is stale: the prompt is spoken at run time");
                } else {
                    assertTrue(Files.isRegularFile(wav), wav + " missing: run scripts/gen-prompts");
                    Wav.assertTelephoneAudio(wav, 1.0);
                }
            }
        }
    }
}
