package io.frontdoor.ivr.bench;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a customer CSV for the benchmarks: {@code count} customers with distinct mobile numbers
 * {@code +86 130 0xxx xxxx}, names from the commonest surnames (so spoken greetings repeat, as they
 * do at a real bank), 10 % VIP, 30 % served in Mandarin. Deterministic for a given count.
 *
 * <p>Usage: {@code BenchCustomers OUT.csv COUNT}
 */
public final class BenchCustomers {
    static final String[] EN = {"Chen", "Li", "Wang", "Zhang", "Liu", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
        "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Han",
        "Feng", "Deng", "Cao", "Peng", "Smith", "Jones", "Brown", "Taylor", "Wilson", "Evans", "Thomas", "Roberts",
        "Walker", "Wright"};
    static final String[] ZH = {"陈", "李", "王", "张", "刘", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
        "郭", "何", "林", "高", "罗"};

    private BenchCustomers() {
    }

    /** The caller ID of bench customer {@code i} as Asterisk would deliver it. */
    static String phone(long i) {
        return "+86" + (13000000000L + i);
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        SplittableRandom random = new SplittableRandom(42);
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write("id,phone,name,salutation,tier,language\n");
            for (int i = 0; i < count; i++) {
                boolean zh = random.nextInt(10) < 3;
                boolean male = random.nextBoolean();
                String name = zh ? ZH[random.nextInt(ZH.length)] : EN[random.nextInt(EN.length)];
                String salutation = zh ? (male ? "先生" : "女士") : (male ? "Mr." : "Ms.");
                String tier = random.nextInt(10) == 0 ? "VIP" : "standard";
                w.write("B" + i + "," + phone(i) + "," + name + "," + salutation + "," + tier + "," + (zh ? "zh" : "en") + "\n");
            }
        }
        System.out.println("wrote " + count + " customers to " + out);
    }

    /**
     * The callers of the front-door load runs: warm-up calls from the returning pool (they become
     * returning customers, their spoken greetings cached); measured calls half from that pool,
     * 40 % any customer, 10 % unknown numbers.
     */
    static String callerNumber(java.util.SplittableRandom random, int customers, int pool, boolean warmup) {
        int roll = random.nextInt(10);
        if (warmup || roll < 5) {
            return phone(random.nextInt(pool));
        } else if (roll < 9) {
            return phone(random.nextInt(customers));
        }
        return "+8618" + (100000000 + random.nextInt(899999999));
    }

    /** The p-th percentile of sorted nanosecond figures, in milliseconds (0 when there are none). */
    static double percentileMs(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sortedNanos.length - 1, Math.ceil(p / 100 * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, i)] / 1e6;
    }
}
