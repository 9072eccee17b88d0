package io.frontdoor.ivr.server;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code frontdoor}: the server and its admin commands.
 */
@Command(name = "frontdoor", mixinStandardHelpOptions = true, version = "FrontDoor 0.1.0",
        description = "Telephony IVR and voice-callback server: the intelligent customer front door.",
        subcommands = {ServeCommand.class, CustomersCommand.class, DialplanCommand.class, CallsCommand.class,
                ConfigCommand.class})
public final class FrontDoorCommand {

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "YAML configuration file (default: none; every key has a default, FRONTDOOR_* variables override)")
    Path config;

    /** Reads the configuration this invocation asked for. */
    Settings settings() {
        return Settings.load(config, System.getenv());
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new FrontDoorCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("frontdoor: " + e.getMessage());
            return 2;
        });
        System.exit(cli.execute(args));
    }
}
