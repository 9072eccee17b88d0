package io.frontdoor.ivr.speech;

import io.frontdoor.ivr.bench.AsrBench;
import io.frontdoor.ivr.call.Utterance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Exploration harness for the recognizer's settings (not a test, not run by the build): the
 * scripts/bench-asr corpus of the given voices (same seeds; generated once into a cache directory
 * so that every variant decodes the same audio, sox's dither included), decoded without the
 * coverage check, one tab-separated line per utterance: the phrase found, its margin over the
 * phone loop, where its words lie, the margin over those frames and outside them, the speech frames
 * inside and outside, the worst word's margin, and the phrase's and the loop's phones.
 *
 * <p>Arguments: cache dir, voices ({@code en-us,en+f3,en-gb-x-rp}: the tuning voices only),
 * noise floor in dB, output file. System properties {@code pip}, {@code wip}, {@code garbage},
 * {@code threads}. Run with the test classpath (see scripts/bench-asr).
 */
public final class AsrExplore {
    record U(String text, String expected, String voice, int speed, double snr, Utterance audio) {
    }

    public static void main(String[] args) throws Exception {
        Path cache = Path.of(args[0]);
        List<String> voices = List.of(args[1].split(","));
        double floor = Double.parseDouble(args[2]);
        String out = args[3];
        Map<String, List<String>> ch = new LinkedHashMap<>();
        ch.put("1", List.of("balance", "account balance", "my balance", "check my balance"));
        ch.put("2", List.of("chinese", "mandarin"));
        ch.put("0", List.of("agent", "operator", "representative", "speak to someone"));
        ch.put("3", List.of("call me back", "call back"));
        Grammar grammar = new Grammar(ch);
        List<U> corpus = corpus(cache, grammar, voices);
        SphinxRecognizer.Tuning d = SphinxRecognizer.Tuning.defaults();
        SphinxRecognizer.Tuning t = new SphinxRecognizer.Tuning(d.outOfGrammarProbability(), Double.parseDouble(System.getProperty("pip", "1e-5")),
                Double.parseDouble(System.getProperty("wip", "0.1")), d.endpointer(), Double.parseDouble(System.getProperty("garbage", "0")), d.marginCentre(), d.marginScale(), 0, floor, true, 0, 0, 0);
        Path g = Files.createTempDirectory("fdx");
        int threads = Integer.parseInt(System.getProperty("threads", "2"));
        List<SphinxRecognizer> recs = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            recs.add(new SphinxRecognizer(g, t));
        }
        String[] lines = new String[corpus.size()];
        try (ExecutorService ex = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int k = 0; k < threads; k++) {
                int kk = k;
                fs.add(ex.submit(() -> {
                    for (int i = kk; i < corpus.size(); i += threads) {
                        lines[i] = line(recs.get(kk), corpus.get(i), grammar);
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
        StringBuilder sb = new StringBuilder("voice\tspeed\tsnr\texpected\tsaid\tchoice\ttext\tmargin\tframes\tstart\tend\tlocal\toutside\tspeech\tspeechIn\tsStart\tsEnd\twmin\tnwords\tloopUnits\tpphones\tlphones\tpmin\tpsum\tpdur\twdur\tpmarg\tpstart\tsmask\n");
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        Files.writeString(Path.of(out), sb);
        System.out.println("wrote " + out);
    }

    static String line(SphinxRecognizer r, U u, Grammar grammar) {
        SphinxRecognizer.Scored s = r.decode(u.audio(), grammar);
        String choice = s.text().isEmpty() ? "-" : String.valueOf(grammar.choiceOf(s.text()));
        int start = -1, end = -1, frames = 0;
        double local = Double.NaN, outside = Double.NaN, wmin = Double.POSITIVE_INFINITY;
        int loopUnits = 0, nwords = 0;
        double pmin = Double.POSITIVE_INFINITY, psum = 0;
        StringBuilder pstart = new StringBuilder(), pdur = new StringBuilder(), wdur = new StringBuilder(), pmarg = new StringBuilder();
        if (s.phrase() != null) {
            int[] w = s.phrase().word();
            frames = w.length;
            for (int f = 0; f < w.length; f++) {
                if (w[f] >= 0) {
                    if (start < 0) {
                        start = f;
                    }
                    end = f;
                }
            }
            if (start >= 0) {
                double[] p = s.phrase().score();
                double[] l = s.loop() != null ? s.loop().score() : new double[p.length];
                int n = Math.min(p.length, l.length) - 1;
                int e = Math.min(end, n);
                double pin = p[e] - (start > 0 ? p[start - 1] : 0);
                double lin = l[e] - (start > 0 ? l[start - 1] : 0);
                local = (pin - lin) / (e - start + 1);
                outside = ((p[n] - l[n]) - (pin - lin)) / Math.max(1, n + 1 - (e - start + 1));
                int[] wd = s.phrase().word();
                loopUnits = s.loop() == null ? 0 : s.loop().phones().size();
                if (s.loop() == null) {
                    local = Double.NaN;
                    outside = Double.NaN;
                }
                int[] ph = s.phrase().phone();
                List<double[]> phoneRuns = runs(ph, start, e, p, l);
                for (double[] run : phoneRuns) {
                    pmin = Math.min(pmin, run[0] / run[1]);
                    psum += Math.min(0, run[0]);
                    pdur.append(pdur.isEmpty() ? "" : ",").append((int) run[1]);
                    pstart.append(pstart.isEmpty() ? "" : ",").append((int) run[2]);
                    pmarg.append(pmarg.isEmpty() ? "" : ",").append(String.format(Locale.ROOT, "%.1f", run[0]));
                }
                List<double[]> wordRuns = runs(wd, start, e, p, l);
                for (double[] run : wordRuns) {
                    wmin = Math.min(wmin, run[0] / run[1]);
                    wdur.append(wdur.isEmpty() ? "" : ",").append((int) run[1]);
                }
                nwords = wordRuns.size();
            }
        }
        // energy per 10 ms frame of the 8 kHz input, shifted by the 0.4 s pad
        byte[] pcm = u.audio().pcm();
        int nf = pcm.length / 160;
        double[] db = new double[nf];
        for (int f = 0; f < nf; f++) {
            double sum = 0;
            for (int i = 0; i < 80; i++) {
                int j = f * 80 + i;
                double v = (short) ((pcm[2 * j] & 0xff) | (pcm[2 * j + 1] << 8));
                sum += v * v;
            }
            db[f] = 10 * Math.log10(sum / 80 + 1);
        }
        double[] sorted = db.clone();
        java.util.Arrays.sort(sorted);
        double noise = sorted[nf / 10], peak = sorted[nf - 1];
        double thr = Math.max(noise + 6, peak - 35);
        int speech = 0, speechIn = 0, sStart = -1, sEnd = -1;
        StringBuilder smask = new StringBuilder();
        for (int f = 0; f < nf; f++) {
            smask.append(db[f] > thr ? '1' : '0');
            if (db[f] > thr) {
                speech++;
                int sf = f + 40;
                if (sf >= start && sf <= end) {
                    speechIn++;
                }
                if (sStart < 0) {
                    sStart = sf;
                }
                sEnd = sf;
            }
        }
        return String.format(Locale.ROOT, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%.2f\t%d\t%d\t%d\t%.2f\t%.2f\t%d\t%d\t%d\t%d\t%.2f\t%d\t%d\t%s\t%s\t%.2f\t%.2f\t%s\t%s\t%s\t%s\t%s", u.voice(), u.speed(),
                Double.isInfinite(u.snr()) ? "clean" : Integer.toString((int) u.snr()), u.expected() == null ? "-" : u.expected(),
                u.text(), choice, s.text().isEmpty() ? "-" : s.text(), s.margin(), frames, start, end, local, outside, speech, speechIn, sStart, sEnd, wmin, nwords, loopUnits,
                s.phrase() == null ? "" : String.join(" ", s.phrase().phones()), s.loop() == null ? "" : String.join(" ", s.loop().phones()), pmin, psum, pdur, wdur, pmarg, pstart, smask);
    }

    /**
     * The runs of equal labels (phones or words; below 0: none) from {@code start} to {@code end}:
     * for each, the phrase's score over the loop's across the run and the run's length in frames.
     */
    private static List<double[]> runs(int[] label, int start, int end, double[] p, double[] l) {
        List<double[]> out = new ArrayList<>();
        int rs = start;
        for (int f = start; f <= end + 1; f++) {
            if (f == end + 1 || label[f] != label[rs]) {
                if (label[rs] >= 0) {
                    double margin = (p[f - 1] - l[f - 1]) - (rs > 0 ? p[rs - 1] - l[rs - 1] : 0);
                    out.add(new double[] {margin, f - rs, rs});
                }
                rs = f;
            }
        }
        return out;
    }

    static final List<String> ALL = List.of("en-us", "en+f3", "en-gb-x-rp", "en-gb-scotland", "en-us+m3", "en-029");

    /** The same corpus as AsrBench (same seeds: seeds run over all six voices in order), cached on disk. */
    static List<U> corpus(Path cache, Grammar grammar, List<String> voices) throws Exception {
        List<AsrBench.Job> jobs = AsrBench.jobs(grammar, ALL, voices);
        Files.createDirectories(cache);
        try (ExecutorService exec = Executors.newFixedThreadPool(2)) {
            List<Future<U>> futures = new ArrayList<>();
            for (AsrBench.Job j : jobs) {
                futures.add(exec.submit(() -> {
                    Path f = cache.resolve(j.seed() + ".raw");
                    byte[] pcm;
                    if (Files.exists(f)) {
                        pcm = Files.readAllBytes(f);
                    } else {
                        pcm = TelephoneSpeech.say(j.text(), j.take()).pcm();
                        Files.write(f, pcm);
                    }
                    return new U(j.text(), j.expected(), j.voice(), j.speed(), j.snr(), new Utterance(pcm, false));
                }));
            }
            List<U> out = new ArrayList<>();
            for (Future<U> f : futures) {
                out.add(f.get());
            }
            return out;
        }
    }
}
