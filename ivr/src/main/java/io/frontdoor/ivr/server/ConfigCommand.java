package io.frontdoor.ivr.server;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code frontdoor config}: every configuration key, its effective value, variable and meaning. */
@Command(name = "config", description = "Print every configuration key with its effective value and meaning.")
final class ConfigCommand implements Callable<Integer> {
    @ParentCommand
    FrontDoorCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Settings settings = root.settings();
        PrintWriter out = spec.commandLine().getOut();
        for (Setting key : Settings.KEYS) {
            String value = settings.effective().get(key.name());
            if ((key.name().endsWith("password") || key.name().endsWith("secret") || key.name().endsWith("token")) && !value.isEmpty()) {
                value = "********";
            }
            out.printf("%-32s %s%n  %s (%s)%n", key.name(), value, key.description(), key.environmentVariable());
        }
        return 0;
    }
}
