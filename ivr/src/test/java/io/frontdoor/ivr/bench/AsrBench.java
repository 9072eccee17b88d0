package io.frontdoor.ivr.bench;

import io.frontdoor.ivr.call.Utterance;
import io.frontdoor.ivr.speech.Grammar;
import io.frontdoor.ivr.speech.Recognition;
import io.frontdoor.ivr.speech.RecognizerPool;
import io.frontdoor.ivr.speech.SphinxRecognizer;
import io.frontdoor.ivr.speech.TelephoneSpeech;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.yaml.snakeyaml.Yaml;

/**
 * Speech recognition benchmark on generated telephone audio: the demo dialplan's main menu phrases
 * (in grammar) and other sentences (out of grammar), spoken by espeak-ng in several voices and
 * speeds, band-limited, G.711 round-tripped, clean and at 20 dB and 10 dB signal-to-noise.
 * Voices are split in two: the tuning voices (the decoder's defaults were chosen on them) and
 * held-out voices never used for tuning; both are reported.
 *
 * <p>Arguments: work dir, dialplan file, pool size, and optionally {@code oog=… pip=… floor=… cmn=live|batch
 * reject=… coverage=… stretch=… wordrate=… voices=… busy=false} to try other decoder settings (sweeps on the tuning voices; {@code floor=Infinity}:
 * no noise floor).
 */
public final class AsrBench {
    static final List<String> TUNING_VOICES = List.of("en-us", "en+f3", "en-gb-x-rp");
    static final List<String> HELD_OUT_VOICES = List.of("en-gb-scotland", "en-us+m3", "en-029");
    static final List<Integer> SPEEDS = List.of(145, 180);
    static final double[] SNRS = {Double.POSITIVE_INFINITY, 20, 10};
    static final List<String> OUT_OF_GRAMMAR = List.of("what is the weather like today", "hello is anybody there",
            "I want to pay my bill", "cancel my card please", "yes please", "goodbye", "thank you very much",
            "I lost my wallet", "what time do you open", "my name is john", "can you hear me", "send me a statement",
            "I would like a loan", "where is the nearest branch");

    /** The menus' default confirm_below: a match less sure than this is confirmed by a key. */
    static final double CONFIRM_BELOW = 0.5;

    record Utt(String text, String expected, String voice, int speed, double snr, Utterance audio) {
        boolean heldOut() {
            return HELD_OUT_VOICES.contains(voice);
        }
    }

    record Outcome(Utt utt, Recognition r, long nanos) {
        boolean correct() {
            return utt.expected() != null && utt.expected().equals(r.choice());
        }

        boolean falseAccept() {
            return utt.expected() == null && r.matched();
        }
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        Grammar grammar = mainMenu(Path.of(args[1]));
        int poolSize = Integer.parseInt(args[2]);
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 3; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            opts.put(kv[0], kv[1]);
        }
        SphinxRecognizer.Tuning d = SphinxRecognizer.Tuning.defaults();
        SphinxRecognizer.Tuning tuning = new SphinxRecognizer.Tuning(
                Double.parseDouble(opts.getOrDefault("oog", Double.toString(d.outOfGrammarProbability()))),
                Double.parseDouble(opts.getOrDefault("pip", Double.toString(d.phoneInsertionProbability()))),
                d.wordInsertionProbability(), d.endpointer(), d.garbageWeight(), d.marginCentre(), d.marginScale(),
                Double.parseDouble(opts.getOrDefault("reject", Double.toString(d.rejectBelow()))), Double.parseDouble(opts.getOrDefault("floor", Double.toString(d.noiseFloorDb()))),
                !"live".equals(opts.getOrDefault("cmn", d.batchCmn() ? "batch" : "live")),
                Double.parseDouble(opts.getOrDefault("coverage", Double.toString(d.minSpeechCoverage()))),
                Double.parseDouble(opts.getOrDefault("stretch", Double.toString(d.maxPhoneStretch()))),
                Double.parseDouble(opts.getOrDefault("wordrate", Double.toString(d.maxWordRateRatio()))));
        List<String> voices = opts.containsKey("voices") ? List.of(opts.get("voices").split(","))
                : concat(TUNING_VOICES, HELD_OUT_VOICES);
        System.out.println("grammar: " + grammar.choices());
        System.out.println("decoder: " + tuning);

        long genStart = System.nanoTime();
        List<Utt> corpus = corpus(grammar, voices);
        long inGrammar = corpus.stream().filter(u -> u.expected() != null).count();
        System.out.printf(Locale.ROOT, "corpus: %d utterances (%d in grammar, %d out of grammar), voices %s, generated in %.1f s%n",
                corpus.size(), inGrammar, corpus.size() - inGrammar, voices, (System.nanoTime() - genStart) / 1e9);

        Path grammars = Files.createDirectories(work.resolve("grammars"));
        RecognizerPool pool = new RecognizerPool(poolSize, Duration.ofMinutes(5),
                () -> new SphinxRecognizer(grammars, tuning)).warmUpNow();
        // warm the JIT and the grammar once, outside the figures
        for (int i = 0; i < 3; i++) {
            pool.recognize(corpus.get(i).audio(), grammar);
        }

        // single stream: accuracy and real-time factor with one recognition at a time
        List<Outcome> outcomes = new ArrayList<>();
        double audioSeconds = 0;
        long decodeNanos = 0;
        for (Utt u : corpus) {
            long t0 = System.nanoTime();
            Recognition r = pool.recognize(u.audio(), grammar).orElseThrow();
            long t = System.nanoTime() - t0;
            outcomes.add(new Outcome(u, r, t));
            audioSeconds += u.audio().millis() / 1000.0;
            decodeNanos += t;
        }
        double rtf = decodeNanos / 1e9 / audioSeconds;

        // pool busy: every recognizer working at once on the whole corpus
        int threads = pool.size() * 2;
        long busyStart = System.nanoTime();
        // a spread of 240 utterances (every n-th) keeps the run short
        int step = Math.max(1, corpus.size() / 240);
        List<Utt> busyCorpus = new ArrayList<>();
        for (int i = 0; !"false".equals(opts.get("busy")) && i < corpus.size(); i += step) {
            busyCorpus.add(corpus.get(i));
        }
        try (ExecutorService exec = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (Utt u : busyCorpus) {
                futures.add(exec.submit(() -> pool.recognize(u.audio(), grammar).orElseThrow()));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        double busySeconds = (System.nanoTime() - busyStart) / 1e9;
        double perSecond = busyCorpus.size() / busySeconds;

        for (Outcome o : outcomes) {
            if (!o.correct() && (o.utt().expected() != null || o.falseAccept())) {
                System.out.printf(Locale.ROOT, "  %-9s %-28s %-15s %3d wpm %6s dB -> %s%n",
                        o.utt().expected() == null ? "FA" : "MISS", "'" + o.utt().text() + "'", o.utt().voice(),
                        o.utt().speed(), snr(o.utt().snr()), o.r().matched() ? o.r().choice() + " '" + o.r().text() + "'"
                                : "no match '" + o.r().text() + "'");
            }
        }
        System.out.println();
        List<Double> right = outcomes.stream().filter(Outcome::correct).map(o -> o.r().confidence()).sorted().toList();
        List<Double> wrong = outcomes.stream().filter(o -> o.r().matched() && !o.correct()).map(o -> o.r().confidence()).sorted().toList();
        System.out.println("confidence of accepted results, right: " + quantiles(right) + "  wrong: " + quantiles(wrong));
        System.out.println("                      clean    20 dB    10 dB   (in-grammar accuracy)   false accepts");
        for (String set : List.of("tuning", "held-out", "all")) {
            List<Outcome> part = outcomes.stream().filter(o -> set.equals("all") || (set.equals("held-out") == o.utt().heldOut())).toList();
            if (part.isEmpty()) {
                continue;
            }
            System.out.printf(Locale.ROOT, "  %-9s voices  %6.1f %%  %6.1f %%  %6.1f %%                          %5.1f %%%n", set,
                    accuracy(part, Double.POSITIVE_INFINITY), accuracy(part, 20), accuracy(part, 10), falseAccepts(part));
        }
        System.out.printf(Locale.ROOT, "false accepts taken without confirmation (confidence >= %.1f): %.1f %%%n",
                CONFIRM_BELOW, unconfirmedFalseAccepts(outcomes));
        System.out.printf(Locale.ROOT, "right choices taken without confirmation: %.1f %% of in-grammar utterances%n",
                100.0 * outcomes.stream().filter(o -> o.correct() && o.r().confidence() >= CONFIRM_BELOW).count()
                        / outcomes.stream().filter(o -> o.utt().expected() != null).count());
        System.out.printf(Locale.ROOT, "real-time factor (one at a time): %.3f  (%.1f s of audio decoded in %.1f s)%n",
                rtf, audioSeconds, decodeNanos / 1e9);
        System.out.printf(Locale.ROOT, "pool busy (%d recognizers, %d callers): %.1f recognitions/s%n", pool.size(), threads, perSecond);
        System.out.printf(Locale.ROOT, "RESULT asr_accuracy_pct=%.1f asr_accuracy_10db_pct=%.1f asr_false_accept_pct=%.1f asr_rtf=%.3f"
                        + " asr_heldout_accuracy_pct=%.1f asr_heldout_accuracy_10db_pct=%.1f asr_recognitions_per_s=%.1f"
                        + " asr_false_accept_unconfirmed_pct=%.1f%n",
                accuracy(outcomes, Double.POSITIVE_INFINITY), accuracy(outcomes, 10), falseAccepts(outcomes), rtf,
                accuracy(held(outcomes), Double.POSITIVE_INFINITY), accuracy(held(outcomes), 10), perSecond,
                unconfirmedFalseAccepts(outcomes));
        pool.close();
    }

    private static String quantiles(List<Double> sorted) {
        if (sorted.isEmpty()) {
            return "none";
        }
        return String.format(Locale.ROOT, "n=%d p10=%.2f p50=%.2f p90=%.2f", sorted.size(), sorted.get(sorted.size() / 10),
                sorted.get(sorted.size() / 2), sorted.get(sorted.size() * 9 / 10));
    }

    private static List<Outcome> held(List<Outcome> all) {
        return all.stream().filter(o -> o.utt().heldOut()).toList();
    }

    private static String snr(double snr) {
        return Double.isInfinite(snr) ? "clean" : Integer.toString((int) snr);
    }

    private static double accuracy(List<Outcome> outcomes, double snr) {
        List<Outcome> in = outcomes.stream().filter(o -> o.utt().expected() != null && o.utt().snr() == snr).toList();
        return in.isEmpty() ? Double.NaN : 100.0 * in.stream().filter(Outcome::correct).count() / in.size();
    }

    /** Out-of-grammar speech given a choice sure enough to be taken without "did you say …?". */
    private static double unconfirmedFalseAccepts(List<Outcome> outcomes) {
        List<Outcome> out = outcomes.stream().filter(o -> o.utt().expected() == null).toList();
        return out.isEmpty() ? Double.NaN : 100.0 * out.stream()
                .filter(o -> o.falseAccept() && o.r().confidence() >= CONFIRM_BELOW).count() / out.size();
    }

    private static double falseAccepts(List<Outcome> outcomes) {
        List<Outcome> out = outcomes.stream().filter(o -> o.utt().expected() == null).toList();
        return out.isEmpty() ? Double.NaN : 100.0 * out.stream().filter(Outcome::falseAccept).count() / out.size();
    }

    /** One utterance of the corpus to generate; the seed also sets its leading silence (0.2 to 1.0 s). */
    public record Job(String text, String expected, String voice, int speed, double snr, long seed) {
        public TelephoneSpeech.Take take() {
            return new TelephoneSpeech.Take(voice, speed, 200 + (int) (seed * 37 % 800), snr, seed);
        }
    }

    /**
     * The corpus: every phrase of every choice in every voice, speed and noise level; other sentences
     * at one speed. Seeds are numbered over {@code seedVoices} in order; only the voices in
     * {@code keep} are listed, so a subset keeps the audio it has in the whole.
     */
    public static List<Job> jobs(Grammar grammar, List<String> seedVoices, java.util.Collection<String> keep) {
        List<Job> jobs = new ArrayList<>();
        long seed = 1;
        for (String voice : seedVoices) {
            for (double snr : SNRS) {
                for (Map.Entry<String, List<String>> c : grammar.choices().entrySet()) {
                    for (String phrase : c.getValue()) {
                        for (int speed : SPEEDS) {
                            if (keep.contains(voice)) {
                                jobs.add(new Job(phrase, c.getKey(), voice, speed, snr, seed));
                            }
                            seed++;
                        }
                    }
                }
                for (String sentence : OUT_OF_GRAMMAR) {
                    if (keep.contains(voice)) {
                        jobs.add(new Job(sentence, null, voice, 160, snr, seed));
                    }
                    seed++;
                }
            }
        }
        return jobs;
    }

    /** The corpus in these voices, spoken. */
    static List<Utt> corpus(Grammar grammar, List<String> voices) throws Exception {
        List<Job> jobs = jobs(grammar, voices, voices);
        try (ExecutorService exec = Executors.newFixedThreadPool(2)) {
            List<Future<Utt>> futures = new ArrayList<>();
            for (Job j : jobs) {
                futures.add(exec.submit(() -> new Utt(j.text(), j.expected(), j.voice(), j.speed(), j.snr(),
                        TelephoneSpeech.say(j.text(), j.take()))));
            }
            List<Utt> out = new ArrayList<>();
            for (Future<Utt> f : futures) {
                out.add(f.get());
            }
            return out;
        }
    }

    /** The spoken choices of the demo flow's main menu, read from the dialplan file. */
    @SuppressWarnings("unchecked")
    static Grammar mainMenu(Path dialplan) throws Exception {
        Map<String, Object> doc;
        try (Reader r = Files.newBufferedReader(dialplan)) {
            doc = new Yaml().load(r);
        }
        Map<String, Object> menu = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) doc.get("steps"))
                .get("main_menu")).get("menu");
        Map<String, List<String>> phrases = new LinkedHashMap<>();
        ((Map<Object, Object>) menu.get("choices")).forEach((key, value) -> {
            if (value instanceof Map<?, ?> m && m.get("say") instanceof List<?> say) {
                phrases.put(String.valueOf(key), say.stream().map(String::valueOf).toList());
            }
        });
        return new Grammar(phrases);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
