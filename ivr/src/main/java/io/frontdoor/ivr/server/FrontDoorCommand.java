package io.frontdoor.ivr.server;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code frontdoor}: the server and its admin commands. Exit codes: 0 ok, 1 when a command found
 * problems in its input (rejected CSV lines, dialplan errors) or the running server could not be
 * reached or answered an error ({@code agents}), 2 for usage and other errors.
 */
@Command(name = "frontdoor", mixinStandardHelpOptions = true, version = "FrontDoor 0.1.0",
        description = "Telephony IVR and voice-callback server: the intelligent customer front door.",
        subcommands = {ServeCommand.class, CustomersCommand.class, DialplanCommand.class, CallsCommand.class,
                CallbacksCommand.class, SmsCommand.class, AgentsCommand.class, ConfigCommand.class})
public final class FrontDoorCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "YAML configuration file (default: none; every key has a default, FRONTDOOR_* variables override)")
    Path config;

    private final Map<String, String> environment;

    /** Reads {@code FRONTDOOR_*} settings from the process environment. */
    public FrontDoorCommand() {
        this(System.getenv());
    }

    /** Reads {@code FRONTDOOR_*} settings from {@code environment} instead (tests). */
    FrontDoorCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** Reads the configuration this invocation asked for. */
    Settings settings() {
        if (config != null && !Files.exists(config)) {
            // Settings would report the bare path the JDK puts in NoSuchFileException
            throw new IllegalArgumentException("configuration " + config + ": no such file");
        }
        return Settings.load(config, environment);
    }

    /** {@code frontdoor} alone: a subcommand is required. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /**
     * This command with FrontDoor's error handling: an exception from a command becomes one
     * {@code frontdoor: message} line on the error stream and exit code 2, never a stack trace.
     */
    CommandLine commandLine() {
        CommandLine cli = new CommandLine(this);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("frontdoor: " + describe(e));
            return 2;
        });
        return cli;
    }

    /** What went wrong, for a person: the JDK's file exceptions carry only the path as message. */
    static String describe(Throwable e) {
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file";
        }
        if (e instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    public static void main(String[] args) {
        System.exit(new FrontDoorCommand().commandLine().execute(args));
    }
}
