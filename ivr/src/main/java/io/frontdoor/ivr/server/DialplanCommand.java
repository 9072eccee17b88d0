package io.frontdoor.ivr.server;

import io.frontdoor.ivr.flow.DialplanCheck;
import io.frontdoor.ivr.speech.PromptCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code frontdoor dialplan check PATH}: validates flows without starting anything. */
@Command(name = "dialplan", description = "Work with dialplans (call flows).", subcommands = DialplanCommand.Check.class)
final class DialplanCommand {
    @ParentCommand
    FrontDoorCommand root;

    @Command(name = "check", description = {"Validate a flow file or a directory of flows without starting anything.",
            "Prints file:line: reason for each problem; exit code 1 when there is any."})
    static final class Check implements Callable<Integer> {
        @ParentCommand
        DialplanCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "PATH", description = "a .yaml flow file or a directory of them")
        Path path;

        @Override
        public Integer call() {
            PromptCatalog prompts = Prompts.catalog(parent.root.settings());
            List<String> problems = DialplanCheck.check(path, prompts::has);
            PrintWriter out = spec.commandLine().getOut();
            problems.forEach(out::println);
            if (problems.isEmpty()) {
                out.println(path + ": OK");
                return 0;
            }
            return 1;
        }
    }
}
