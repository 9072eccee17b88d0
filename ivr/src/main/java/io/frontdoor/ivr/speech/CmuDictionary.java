package io.frontdoor.ivr.speech;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The words the English recognizer can hear: the cmudict that ships with the Sphinx4 model. Sphinx4
 * silently drops grammar words it has no pronunciation for, so dialplans are checked against this
 * list before they are served. Loaded once (about 130,000 words, a fraction of a second).
 */
public final class CmuDictionary {
    static final String RESOURCE = "/edu/cmu/sphinx/models/en-us/cmudict-en-us.dict";
    private static volatile CmuDictionary shared;

    private final Set<String> words;

    private CmuDictionary(Set<String> words) {
        this.words = words;
    }

    /** The dictionary of the shipped English model (read on first use). */
    public static CmuDictionary english() {
        CmuDictionary d = shared;
        if (d == null) {
            synchronized (CmuDictionary.class) {
                if (shared == null) {
                    shared = load();
                }
                d = shared;
            }
        }
        return d;
    }

    private static CmuDictionary load() {
        Set<String> words = new HashSet<>(200_000);
        try (InputStream in = CmuDictionary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the Sphinx4 English dictionary " + RESOURCE + " is not on the class path");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                int space = line.indexOf(' ');
                if (space > 0) {
                    String word = line.substring(0, space);
                    int variant = word.indexOf('(');   // "read(2)" is another pronunciation of "read"
                    words.add(variant > 0 ? word.substring(0, variant) : word);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new CmuDictionary(Set.copyOf(words));
    }

    /** Whether the recognizer has a pronunciation for the word (case does not matter). */
    public boolean knows(String word) {
        return words.contains(word.toLowerCase(Locale.ROOT));
    }
}
