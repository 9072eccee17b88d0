package io.frontdoor.ivr.server;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code frontdoor config}: every configuration key, its effective value, variable and meaning. */
@Command(name = "config", description = "Print every configuration key with its effective value and meaning.")
final class ConfigCommand implements Callable<Integer> {
    @ParentCommand
    FrontDoorCommand root;

    @Override
    public Integer call() {
        Settings settings = root.settings();
        for (Setting key : Settings.KEYS) {
            String value = settings.effective().get(key.name());
            if (key.name().endsWith("password") && !value.isEmpty()) {
                value = "********";
            }
            System.out.printf("%-32s %s%n  %s (%s)%n", key.name(), value, key.description(), key.environmentVariable());
        }
        return 0;
    }
}
