package io.frontdoor.ivr.speech;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a matched phrase plausibly is what the caller said, from where the decoder laid its
 * words and phones in the audio. The decoder always finds the best phrase of the grammar; when the
 * caller said something else, the phrase is forced onto the speech and that shows in its timing:
 * speech left outside the phrase ({@link #speechCoverage}), one phone stretched over whole words
 * while the others are squeezed to their shortest ({@link #phoneStretch}), or one word spoken far
 * slower than the others ({@link #wordRateRatio}).
 */
final class PhrasePlausibility {
    private PhrasePlausibility() {
    }

    /**
     * The share of the caller's speech frames that lie within the matched phrase (from its first
     * word's first frame to its last word's last frame). A phrase forced onto a longer sentence
     * leaves speech outside it ("cancel my card please" heard as "my balance").
     *
     * @param speech the utterance's speech frames ({@link TelephoneAudio#speechFrames})
     * @param word   per decoder frame, the index of the phrase word it lies in, -1 for none
     */
    static double speechCoverage(boolean[] speech, int[] word) {
        int first = first(word);
        int last = last(word);
        int total = 0;
        int inside = 0;
        for (int i = 0; i < speech.length; i++) {
            if (speech[i]) {
                total++;
                int f = TelephoneAudio.FIRST_FRAME + i;
                if (f >= first && f <= last) {
                    inside++;
                }
            }
        }
        return total == 0 || first < 0 ? 1 : inside / (double) total;
    }

    /**
     * How far the phrase's longest phone outlasts its typical one: the longest phone's frames over
     * the median phone's, phones taken between the phrase's first and last word frame. A phrase
     * forced onto a sentence of about its length squeezes most phones to the fewest frames their
     * model allows and stretches one over the words it cannot match ("my name is john" heard as
     * "my balance" with the AY of "my" held over "name is"; "goodbye" as "chinese" with four of its
     * five phones at 30 ms). A speaker's rate scales all phones together, so the ratio does not
     * depend on it. 1 without phones.
     *
     * @param phone per decoder frame, the index of the phone it lies in, -1 for silence or a filler
     * @param word  per decoder frame, the index of the phrase word it lies in, -1 for none
     */
    static double phoneStretch(int[] phone, int[] word) {
        List<int[]> runs = phoneRuns(phone, word);
        if (runs.isEmpty()) {
            return 1;
        }
        List<Integer> lengths = new ArrayList<>();
        runs.forEach(r -> lengths.add(r[0]));
        lengths.sort(null);
        int n = lengths.size();
        double median = n % 2 == 1 ? lengths.get(n / 2) : (lengths.get(n / 2 - 1) + lengths.get(n / 2)) / 2.0;
        return lengths.get(n - 1) / median;
    }

    /**
     * How much slower the phrase's slowest word is spoken than its fastest: each word's frames per
     * phone (its phones' frames, pauses left out), the largest over the smallest. A caller keeps
     * about one pace through a short phrase; a phrase forced onto another sentence gives one word
     * a whole stretch of it ("where is the nearest branch" heard as "my balance", "my" held over
     * "where is the"). 1 for a phrase of one word.
     *
     * @param phone per decoder frame, the index of the phone it lies in, -1 for silence or a filler
     * @param word  per decoder frame, the index of the phrase word it lies in, -1 for none
     */
    static double wordRateRatio(int[] phone, int[] word) {
        java.util.Map<Integer, int[]> perWord = new java.util.TreeMap<>();
        for (int[] run : phoneRuns(phone, word)) {
            int[] w = perWord.computeIfAbsent(run[1], k -> new int[2]);
            w[0] += run[0];
            w[1]++;
        }
        double slowest = 0;
        double fastest = Double.POSITIVE_INFINITY;
        for (int[] w : perWord.values()) {
            double rate = w[0] / (double) w[1];
            slowest = Math.max(slowest, rate);
            fastest = Math.min(fastest, rate);
        }
        return perWord.size() < 2 ? 1 : slowest / fastest;
    }

    /** The phrase's phones in order, between its first and last word frame: {frames, word index}. */
    private static List<int[]> phoneRuns(int[] phone, int[] word) {
        int first = first(word);
        int last = Math.min(last(word), phone.length - 1);
        List<int[]> runs = new ArrayList<>();
        if (first < 0) {
            return runs;
        }
        int runStart = first;
        for (int f = first; f <= last + 1; f++) {
            if (f == last + 1 || phone[f] != phone[runStart]) {
                if (phone[runStart] >= 0) {
                    runs.add(new int[] {f - runStart, word[runStart]});
                }
                runStart = f;
            }
        }
        return runs;
    }

    private static int first(int[] word) {
        for (int f = 0; f < word.length; f++) {
            if (word[f] >= 0) {
                return f;
            }
        }
        return -1;
    }

    private static int last(int[] word) {
        for (int f = word.length - 1; f >= 0; f--) {
            if (word[f] >= 0) {
                return f;
            }
        }
        return -1;
    }
}
