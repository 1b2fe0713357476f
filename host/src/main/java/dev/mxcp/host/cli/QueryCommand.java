package dev.mxcp.host.cli;

import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.engine.ProjectRuntime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mxcp query SQL | --file F}: runs SQL against the profile's database and prints the rows; with
 * {@code --json-output} as MXCP's {@code interfaces/cli/query.py}, {@code {"status": "ok", "result": [{column:
 * value}]}} (values typed as {@code run} prints them: dates ISO, not pandas' timestamps).
 */
@Command(name = "query", description = "Run SQL against the project's DuckDB database.")
final class QueryCommand extends ProjectCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SQL", description = "The SQL to run.")
    String sql;

    @Option(names = "--file", paramLabel = "FILE", description = "Read the SQL from FILE.")
    Path file;

    @Option(names = {"--param", "-p"}, paramLabel = "NAME=VALUE", description = "A $NAME parameter; NAME=@file.json loads JSON.")
    List<String> params = new ArrayList<>();

    @Override
    int run(Main.Cli cli, ProjectRuntime runtime) {
        if (sql == null && file == null) {
            throw new UsageException("Either SQL query or --file must be provided");
        }
        if (sql != null && file != null) {
            throw new UsageException("Cannot provide both SQL query and --file");
        }
        String text = sql;
        if (file != null) {
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new MxcpException("cannot read --file " + file + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        printResult(cli, runtime.query(text, ParamOptions.parse(params)).rows());
        return 0;
    }
}
