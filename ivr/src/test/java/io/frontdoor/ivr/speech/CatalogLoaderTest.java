package io.frontdoor.ivr.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogLoaderTest {

    static Path fixture(String name) {
        try {
            return Path.of(CatalogLoaderTest.class.getResource("/prompts/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsLanguagesAndTextsInOrder() {
        CatalogLoader.Texts texts = CatalogLoader.load(fixture("good.yaml"));
        assertEquals(List.of("en", "zh"), texts.languages());
        assertEquals(List.of("greeting.returning", "menu.main", "only.english"), List.copyOf(texts.prompts().keySet()));
        assertEquals("{name}{salutation}您好，欢迎回来。", texts.prompts().get("greeting.returning").get("zh"));
        assertEquals(Map.of("en", "Only in English."), texts.prompts().get("only.english"));
    }

    @Test
    void brokenYamlNamesFileAndLine() {
        CatalogException e = assertThrows(CatalogException.class, () -> CatalogLoader.load(fixture("bad-syntax.yaml")));
        assertTrue(e.getMessage().contains("bad-syntax.yaml:"), e.getMessage());
        assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
    }

    @Test
    void unknownLanguageNamesFileLineAndKey() {
        CatalogException e = assertThrows(CatalogException.class,
                () -> CatalogLoader.load(fixture("unknown-language.yaml")));
        assertTrue(e.getMessage().contains("unknown-language.yaml:5:"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown language 'fr'"), e.getMessage());
    }

    @Test
    void malformedPlaceholderIsRejected() {
        CatalogException e = assertThrows(CatalogException.class,
                () -> CatalogLoader.load(fixture("bad-placeholder.yaml")));
        assertTrue(e.getMessage().contains("bad-placeholder.yaml:4:"), e.getMessage());
        assertTrue(e.getMessage().contains("malformed placeholder"), e.getMessage());
    }

    @Test
    void duplicateIdIsRejected() {
        CatalogException e = assertThrows(CatalogException.class, () -> CatalogLoader.load(fixture("duplicate-id.yaml")));
        assertTrue(e.getMessage().contains("duplicate-id.yaml:5:"), e.getMessage());
        assertTrue(e.getMessage().contains("'goodbye' appears twice"), e.getMessage());
    }

    @Test
    void missingFileIsAClearError() {
        CatalogException e = assertThrows(CatalogException.class, () -> CatalogLoader.load(Path.of("/nonexistent/c.yaml")));
        assertTrue(e.getMessage().startsWith("/nonexistent/c.yaml"), e.getMessage());
    }
}
