package io.frontdoor.ivr.server;

import io.frontdoor.callback.customer.CustomerImporter;
import io.frontdoor.callback.customer.ImportReport;
import io.frontdoor.callback.store.Database;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code frontdoor customers import FILE.csv}. */
@Command(name = "customers", description = "Manage the customer store.", subcommands = CustomersCommand.Import.class)
final class CustomersCommand {
    @ParentCommand
    FrontDoorCommand root;

    @Command(name = "import", description = {
            "Import or update customers from CSV (UTF-8, header line).",
            "Columns: id,phone,name,salutation,tier,language[,flags]; phone and flags take several values separated by ';'.",
            "Bad lines are reported with their line numbers and skipped; the rest is imported in one transaction.",
            "Exit code 1 when any line was rejected, 2 when the file or the store cannot be used."})
    static final class Import implements Callable<Integer> {
        @ParentCommand
        CustomersCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE.csv", description = "the customer file")
        Path file;

        @Override
        public Integer call() throws Exception {
            Settings s = parent.root.settings();
            // before opening the store, so a typo in the name does not create a database
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(file + ": " + (Files.exists(file) ? "not a file" : "no such file"));
            }
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (Database db = Store.open(s)) {
                ImportReport r;
                try {
                    r = new CustomerImporter(db.dataSource(), Store.phoneNumbers(s), s.list("languages"))
                            .importFile(file);
                } catch (IllegalArgumentException e) { // the header: nothing was imported
                    throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
                }
                r.warnings().forEach(w -> err.println(file + ": " + w));
                r.errors().forEach(e -> err.println(file + ": " + e));
                if (r.rejected() > r.errors().size()) {
                    err.println(file + ": ... and " + (r.rejected() - r.errors().size()) + " more rejected line(s)");
                }
                out.printf("imported %d customer(s), rejected %d line(s)%n", r.imported(), r.rejected());
                return r.rejected() == 0 ? 0 : 1;
            }
        }
    }
}
