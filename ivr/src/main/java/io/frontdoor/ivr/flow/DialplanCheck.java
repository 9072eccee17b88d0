package io.frontdoor.ivr.flow;

import io.frontdoor.ivr.rules.RuleEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiPredicate;

/** The admin's {@code dialplan check PATH}: validates files without serving them. */
public final class DialplanCheck {
    private DialplanCheck() {
    }

    /**
     * Validates one dialplan file, or every {@code *.yaml} of a directory together (so hotlines
     * bound twice across files are found too).
     *
     * @param fileOrDir    a dialplan file or the dialplan directory
     * @param promptExists {@code (promptId, language) -> known}; {@code null} skips prompt checks
     * @return every problem as {@code file:line: reason}; empty when all is well
     */
    public static List<String> check(Path fileOrDir, BiPredicate<String, String> promptExists) {
        if (Files.isDirectory(fileOrDir)) {
            try (DialplanRegistry registry = new DialplanRegistry(fileOrDir, promptExists, null)) {
                return registry.lastReport().errors();
            }
        }
        if (!Files.isRegularFile(fileOrDir)) {
            return List.of(fileOrDir + ":1: no such file or directory");
        }
        return new DialplanLoader(new RuleEngine(), promptExists).load(fileOrDir).errors();
    }
}
