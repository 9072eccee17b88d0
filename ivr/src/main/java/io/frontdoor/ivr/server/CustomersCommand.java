package io.frontdoor.ivr.server;

import io.frontdoor.callback.customer.CustomerImporter;
import io.frontdoor.callback.customer.ImportReport;
import io.frontdoor.callback.store.Database;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code frontdoor customers import FILE.csv}. */
@Command(name = "customers", description = "Manage the customer store.", subcommands = CustomersCommand.Import.class)
final class CustomersCommand {
    @ParentCommand
    FrontDoorCommand root;

    @Command(name = "import", description = {
            "Import or update customers from CSV (UTF-8, header line).",
            "Columns: id,phone,name,salutation,tier,language[,flags]; phone and flags take several values separated by ';'.",
            "Bad lines are reported with their line numbers and skipped; the rest is imported in one transaction."})
    static final class Import implements Callable<Integer> {
        @ParentCommand
        CustomersCommand parent;

        @Parameters(paramLabel = "FILE.csv", description = "the customer file")
        Path file;

        @Override
        public Integer call() throws Exception {
            Settings s = parent.root.settings();
            try (Database db = Store.open(s)) {
                ImportReport r = new CustomerImporter(db.dataSource(), Store.phoneNumbers(s), s.list("languages"))
                        .importFile(file);
                r.warnings().forEach(w -> System.err.println(file + ": " + w));
                r.errors().forEach(e -> System.err.println(file + ": " + e));
                if (r.rejected() > r.errors().size()) {
                    System.err.println(file + ": ... and " + (r.rejected() - r.errors().size()) + " more rejected line(s)");
                }
                System.out.printf("imported %d customer(s), rejected %d line(s)%n", r.imported(), r.rejected());
                return r.rejected() == 0 ? 0 : 1;
            }
        }
    }
}
