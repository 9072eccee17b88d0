package io.frontdoor.ivr.speech;

import edu.cmu.sphinx.api.Configuration;
import edu.cmu.sphinx.api.Context;
import edu.cmu.sphinx.jsgf.JSGFGrammar;
import edu.cmu.sphinx.recognizer.Recognizer;
import edu.cmu.sphinx.result.Result;
import edu.cmu.sphinx.util.TimeFrame;
import io.frontdoor.ivr.call.Utterance;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Sphinx4 engine (CMU en-us acoustic model, cmudict, JSGF grammar built from the choices).
 * One instance holds the model (~90 MB of heap) and decodes one utterance at a time.
 *
 * <p>Out-of-grammar speech is rejected by the decoder itself: the grammar competes with a free
 * phone loop (Sphinx4's out-of-grammar branch), and speech the loop explains better than any
 * phrase comes back as no match. The confidence of a match is derived from how much better the
 * phrase scored than that loop would have. The loop alone lets through much out-of-grammar speech
 * (the synthetic and accented voices of scripts/bench-asr fit the free loop better than their own
 * phrase), so a match must also cover the caller's speech: a phrase whose words span less than
 * {@code minSpeechCoverage} of the utterance's speech frames was forced onto a longer sentence
 * ("cancel my card please" heard as "my balance") and comes back as no match; so does a phrase
 * whose longest phone lasts more than {@code maxPhoneStretch} times its median phone, the mark of
 * a phrase forced onto a sentence of about its length ("goodbye" heard as "chinese"), or whose
 * slowest word takes more than {@code maxWordRateRatio} times as long per phone as its fastest.
 *
 * <p>The front end: 8 kHz telephone audio is brought to the model's 16 kHz with a noise floor
 * under it ({@link TelephoneAudio}); the model's own filter bank (130-6800 Hz, 25 filters, from its
 * {@code feat.params}) is kept, so the band above 3.4 kHz holds only that floor; Sphinx4's speech
 * classifier and end-pointer are left out (the adapters end-point the utterance); cepstral means are
 * taken over each utterance on its own ({@code BatchCMN}), so a recognition depends on its own audio
 * only and not on the callers before (Sphinx4's default {@code LiveCMN} carries its mean over).
 */
public final class SphinxRecognizer implements SpeechRecognizer {
    static final String ACOUSTIC_MODEL = "resource:/edu/cmu/sphinx/models/en-us/en-us";
    static final String DICTIONARY = "resource:/edu/cmu/sphinx/models/en-us/cmudict-en-us.dict";
    /** Sphinx4's JSGF parser keeps static state: one grammar load at a time in the whole JVM. */
    private static final Object JSGF_LOCK = new Object();
    /**
     * Sphinx4 names its java.util.logging loggers after its configuration file ({@code default.config.*})
     * and sets them to INFO on a console handler of its own. Kept strongly: java.util.logging
     * forgets loggers nobody references, and their levels with them.
     */
    private static final Logger SPHINX_LOG = Logger.getLogger("default.config");
    private static final String BOOT_GRAMMAR = "frontdoor_boot";
    /** Below this peak (about -40 dBFS) an utterance is line silence, not worth decoding. */
    private static final int SILENCE_PEAK = 330;

    /**
     * Decoder knobs; the defaults were chosen on scripts/bench-asr's tuning voices.
     *
     * @param noiseFloorDb how far below the caller's speech level the noise floor laid under the
     *                     audio lies ({@link TelephoneAudio}); {@code Infinity} for none
     * @param batchCmn     cepstral mean normalisation over each utterance on its own (Sphinx4's
     *                     {@code BatchCMN}, as the model was trained: {@code -cmn current}); false:
     *                     {@code LiveCMN}, whose running mean carries over from one recognition to the
     *                     next, so a caller's result depended on the callers before
     * @param minSpeechCoverage the share of the utterance's speech frames ({@link TelephoneAudio#speechFrames})
     *                     that the matched phrase must span, or the match is dropped; 0 for no check
     * @param maxPhoneStretch how many times its median phone the phrase's longest phone may last
     *                     ({@link PhrasePlausibility#phoneStretch}), or the match is dropped; 0 for no check
     * @param maxWordRateRatio how many times slower per phone than its fastest word the phrase's
     *                     slowest word may be ({@link PhrasePlausibility#wordRateRatio}), or the match
     *                     is dropped; 0 for no check
     */
    public record Tuning(double outOfGrammarProbability, double phoneInsertionProbability,
            double wordInsertionProbability, boolean endpointer, double garbageWeight,
            double marginCentre, double marginScale, double rejectBelow, double noiseFloorDb, boolean batchCmn,
            double minSpeechCoverage, double maxPhoneStretch, double maxWordRateRatio) {
        public static Tuning defaults() {
            return new Tuning(1e-20, 1e-5, 0.1, false, 0, 0, 10, 0, TelephoneAudio.DEFAULT_FLOOR_DB, true, 0.75, 7, 2.6);
        }
    }

    private final Path grammarDir;
    private final Tuning tuning;
    private final Context context;
    private final Recognizer recognizer;
    private final JSGFGrammar jsgf;
    private String loadedGrammar;

    /**
     * Loads the model (seconds, and ~90 MB).
     *
     * @param grammarDir where grammar files are written (shared by every recognizer is fine)
     */
    public SphinxRecognizer(Path grammarDir, Tuning tuning) {
        preinstallQuietHandler();
        this.grammarDir = grammarDir;
        this.tuning = tuning;
        try {
            Files.createDirectories(grammarDir);
            Files.writeString(grammarDir.resolve(BOOT_GRAMMAR + ".gram"),
                    "#JSGF V1.0;\ngrammar " + BOOT_GRAMMAR + ";\npublic <choice> = yes;\n", StandardCharsets.US_ASCII);
            Configuration config = new Configuration();
            config.setAcousticModelPath(ACOUSTIC_MODEL);
            config.setDictionaryPath(DICTIONARY);
            config.setUseGrammar(true);
            config.setGrammarPath(grammarDir.toUri().toString());
            config.setGrammarName(BOOT_GRAMMAR);
            config.setSampleRate(TelephoneAudio.MODEL_RATE);
            context = new Context(config);
            quietLogging();
            context.setGlobalProperty("logLevel", "WARNING");
            context.setLocalProperty("flatLinguist->outOfGrammarProbability", Double.toString(tuning.outOfGrammarProbability()));
            context.setLocalProperty("flatLinguist->phoneInsertionProbability", Double.toString(tuning.phoneInsertionProbability()));
            context.setLocalProperty("flatLinguist->wordInsertionProbability", Double.toString(tuning.wordInsertionProbability()));
            if (!tuning.endpointer()) {
                // the adapter end-points the utterance already; Sphinx4's own end-pointer drops quiet
                // or noisy speech it does not trust
                context.setLocalProperty("liveFrontEnd->pipeline", "dataSource;dataBlocker;preemphasizer;windower;fft;"
                        + "autoCepstrum;" + (tuning.batchCmn() ? "batchCMN" : "liveCMN") + ";featureExtraction;featureTransform");
            }
            quietLogging();
            recognizer = context.getInstance(Recognizer.class);
            jsgf = context.getInstance(JSGFGrammar.class);
            synchronized (JSGF_LOCK) {
                recognizer.allocate();
            }
            loadedGrammar = BOOT_GRAMMAR;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the Sphinx4 model", e);
        }
    }

    /**
     * Sphinx4 installs a console handler of its own on its loggers unless one with its formatter is
     * there already: give it one that passes warnings only, before the first configuration loads.
     */
    private static synchronized void preinstallQuietHandler() {
        for (java.util.logging.Handler h : SPHINX_LOG.getHandlers()) {
            if (h.getFormatter() instanceof edu.cmu.sphinx.util.SphinxLogFormatter) {
                return;
            }
        }
        java.util.logging.ConsoleHandler handler = new java.util.logging.ConsoleHandler();
        handler.setFormatter(new edu.cmu.sphinx.util.SphinxLogFormatter());
        handler.setLevel(Level.WARNING);
        SPHINX_LOG.addHandler(handler);
        SPHINX_LOG.setUseParentHandlers(false);
    }

    /** Sphinx4 switches its own loggers to INFO on the console; FrontDoor wants warnings only. */
    private static void quietLogging() {
        SPHINX_LOG.setLevel(Level.WARNING);
        java.util.logging.LogManager manager = java.util.logging.LogManager.getLogManager();
        for (String name : java.util.Collections.list(manager.getLoggerNames())) {
            Logger logger = manager.getLogger(name);
            if (logger == null) {
                continue;
            }
            if (name.startsWith("default.config.")) {
                logger.setLevel(null);
            }
            for (java.util.logging.Handler h : logger.getHandlers()) {
                if (h.getFormatter() instanceof edu.cmu.sphinx.util.SphinxLogFormatter) {
                    h.setLevel(Level.WARNING);
                }
            }
        }
    }

    @Override
    public Recognition recognize(Utterance utterance, Grammar grammar) {
        if (peak(utterance.pcm()) < SILENCE_PEAK) {
            return Recognition.silence();
        }
        Scored scored = decode(utterance, grammar);
        if (scored.text().isEmpty()) {
            return scored.grammarPhrase() ? Recognition.silence() : Recognition.noMatch("");
        }
        String choice = grammar.choiceOf(scored.text());
        double confidence = confidence(scored.margin());
        if (choice == null || confidence < tuning.rejectBelow() || scored.phrase() != null && implausible(utterance, scored.phrase())) {
            return Recognition.noMatch(scored.text());
        }
        return Recognition.of(choice, scored.text(), confidence);
    }

    /** Whether the phrase's timing shows it was forced onto other speech ({@link PhrasePlausibility}). */
    private boolean implausible(Utterance utterance, Alignment phrase) {
        return PhrasePlausibility.speechCoverage(TelephoneAudio.speechFrames(utterance.pcm()), phrase.word())
                        < tuning.minSpeechCoverage()
                || tuning.maxPhoneStretch() > 0
                        && PhrasePlausibility.phoneStretch(phrase.phone(), phrase.word()) > tuning.maxPhoneStretch()
                || tuning.maxWordRateRatio() > 0
                        && PhrasePlausibility.wordRateRatio(phrase.phone(), phrase.word()) > tuning.maxWordRateRatio();
    }

    private static int peak(byte[] pcm) {
        int peak = 0;
        for (int i = 0; i + 1 < pcm.length; i += 2) {
            peak = Math.max(peak, Math.abs((short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8))));
        }
        return peak;
    }

    /**
     * A logistic of the margin: 0.5 at {@code marginCentre}, steeper with smaller scale. The margin
     * is the total over the utterance: {@code score} divides by the result's frame span, which
     * Sphinx4 leaves unset here (a division by 1); the scale was chosen on it as it is.
     */
    double confidence(double margin) {
        if (Double.isInfinite(margin)) {
            return margin > 0 ? 1 : 0;
        }
        return 1 / (1 + Math.exp(-(margin - tuning.marginCentre()) / tuning.marginScale()));
    }

    /**
     * The best grammar phrase and how much better it explains the audio than the free phone loop,
     * in natural-log units over the whole utterance ({@code +Infinity} when the loop did not survive).
     *
     * @param text          the phrase (empty when the decoder heard none)
     * @param margin        phrase score minus phone-loop score (the loop's entry penalty included)
     * @param grammarPhrase false when the phone loop beat every phrase outright
     * @param phrase        the phrase's path frame by frame ({@code null} without a phrase)
     * @param loop          the phone loop's path ({@code null} when it did not survive)
     */
    record Scored(String text, double margin, boolean grammarPhrase, Alignment phrase, Alignment loop) {
        Scored(String text, double margin, boolean grammarPhrase) {
            this(text, margin, grammarPhrase, null, null);
        }
    }

    Scored decode(Utterance utterance, Grammar grammar) {
        return decode16k(TelephoneAudio.prepare(utterance.pcm(), tuning.noiseFloorDb()), grammar);
    }

    /** Decodes 16 kHz PCM as it is (diagnostics: wideband audio without the telephone path). */
    Scored decode16k(byte[] pcm16k, Grammar grammar) {
        use(grammar);
        context.setSpeechSource(new ByteArrayInputStream(pcm16k), TimeFrame.INFINITE);
        Result result;
        Scored best = new Scored("", Double.NEGATIVE_INFINITY, true);
        int segments = 0;
        while (segments++ < 20 && (result = recognizer.recognize()) != null) {
            Scored s = score(result);
            if (!s.text().isEmpty() || best.text().isEmpty() && !s.grammarPhrase()) {
                best = s;
            }
        }
        return best;
    }

    private Scored score(Result result) {
        edu.cmu.sphinx.decoder.search.Token phrase = null;
        edu.cmu.sphinx.decoder.search.Token loop = null;
        for (edu.cmu.sphinx.decoder.search.Token t : result.getResultTokens()) {
            if (wentThroughLoop(t)) {
                loop = loop == null || t.getScore() > loop.getScore() ? t : loop;
            } else {
                phrase = phrase == null || t.getScore() > phrase.getScore() ? t : phrase;
            }
        }
        if (phrase == null) {
            return new Scored("", Double.NEGATIVE_INFINITY, loop == null);
        }
        String text = phrase.getWordPathNoFiller().replace("<unk>", "").trim().replaceAll(" +", " ");
        int frames = Math.max(1, result.getEndFrame() - result.getStartFrame());
        double margin = loop == null ? Double.POSITIVE_INFINITY
                : result.getLogMath().logToLn(phrase.getScore() - loop.getScore()) / (double) frames;
        return new Scored(text, margin, true, Alignment.of(phrase, result.getLogMath()),
                loop == null ? null : Alignment.of(loop, result.getLogMath()));
    }

    /**
     * A token's path frame by frame: the cumulative score (natural log) after each 10 ms frame, the
     * index of the grammar word each frame lies in (-1: silence, a filler or the phone loop), the
     * index in {@code phones} of the phone each frame lies in (-1: silence or a filler), and the
     * phones it went through (silence and fillers left out).
     */
    record Alignment(double[] score, int[] word, int[] phone, java.util.List<String> phones) {
        /** Tokens carry the time of their frame in milliseconds; a frame is 10 ms. */
        static final long FRAME_MS = 10;

        static Alignment of(edu.cmu.sphinx.decoder.search.Token last, edu.cmu.sphinx.util.LogMath logMath) {
            java.util.List<edu.cmu.sphinx.decoder.search.Token> tokens = new java.util.ArrayList<>();
            for (edu.cmu.sphinx.decoder.search.Token t = last; t != null; t = t.getPredecessor()) {
                tokens.add(t);
            }
            java.util.Collections.reverse(tokens);
            int n = (int) Math.max(1, last.getCollectTime() / FRAME_MS + 1);
            double[] score = new double[n];
            boolean[] scored = new boolean[n];
            int[] word = new int[n];
            java.util.Arrays.fill(word, -1);
            int[] phone = new int[n];
            java.util.Arrays.fill(phone, -1);
            int currentPhone = -1;
            java.util.List<String> phones = new java.util.ArrayList<>();
            int current = -1;
            int words = 0;
            for (edu.cmu.sphinx.decoder.search.Token t : tokens) {
                if (t.getSearchState() instanceof edu.cmu.sphinx.linguist.WordSearchState w) {
                    edu.cmu.sphinx.linguist.dictionary.Word wd = w.getPronunciation().getWord();
                    current = !wd.isFiller() && !"<unk>".equals(wd.getSpelling()) ? words++ : -1;
                }
                if (t.getSearchState() instanceof edu.cmu.sphinx.linguist.UnitSearchState us
                        ) {
                    if (!us.getUnit().isFiller() && !us.getUnit().isSilence()) {
                        currentPhone = phones.size();
                        phones.add(us.getUnit().getName());
                    } else {
                        currentPhone = -1;
                    }
                }
                int f = (int) (t.getCollectTime() / FRAME_MS);
                if (f >= 0 && f < n && t.isEmitting()) {
                    score[f] = logMath.logToLn(t.getScore());
                    scored[f] = true;
                    word[f] = current;
                    phone[f] = currentPhone;
                }
            }
            for (int f = 1; f < n; f++) {
                if (!scored[f]) {
                    score[f] = score[f - 1];
                }
            }
            return new Alignment(score, word, phone, java.util.List.copyOf(phones));
        }
    }

    /** Whether a token's path entered Sphinx4's out-of-grammar branch (the phone loop). */
    private static boolean wentThroughLoop(edu.cmu.sphinx.decoder.search.Token token) {
        int steps = 0;
        for (edu.cmu.sphinx.decoder.search.Token t = token; t != null && steps < 100_000; t = t.getPredecessor(), steps++) {
            if (t.getSearchState() instanceof edu.cmu.sphinx.linguist.WordSearchState w
                    && "<unk>".equals(w.getPronunciation().getWord().getSpelling())) {
                return true;
            }
        }
        return false;
    }

    private void use(Grammar grammar) {
        String text = grammar.jsgf("NAME", GarbageWords.EN, tuning.garbageWeight());
        String name = "g" + Integer.toHexString(text.hashCode());
        if (name.equals(loadedGrammar)) {
            return;
        }
        synchronized (JSGF_LOCK) {
            try {
                Path file = grammarDir.resolve(name + ".gram");
                if (!Files.exists(file)) {
                    Path tmp = Files.createTempFile(grammarDir, name, ".tmp");
                    Files.writeString(tmp, text.replace("grammar NAME;", "grammar " + name + ";"), StandardCharsets.US_ASCII);
                    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                jsgf.loadJSGF(name);
            } catch (Exception e) {
                throw new IllegalStateException("cannot load speech grammar " + name + ": " + e.getMessage(), e);
            }
        }
        loadedGrammar = name;
    }
}
