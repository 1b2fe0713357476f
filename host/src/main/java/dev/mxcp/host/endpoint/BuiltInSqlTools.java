package dev.mxcp.host.endpoint;

import dev.mxcp.host.config.SiteConfig;
import dev.mxcp.host.config.YamlDocument;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * MXCP's built-in SQL tools, served when the site file sets {@code sql_tools.enabled: true} or
 * {@code mxcp serve --sql-tools true}: {@code execute_sql_query} runs the SQL it is given (any statement, so
 * it is marked destructive), {@code list_tables} and {@code get_table_schema} read DuckDB's information schema.
 * Their names, parameters, hints and queries are MXCP's; their descriptions can be replaced by
 * {@code sql_tools.<tool>.description}. They are not the project's endpoints: not listed, tested or linted,
 * only served.
 */
public final class BuiltInSqlTools {

    /** The tool whose statement is its {@code sql} argument. */
    public static final String QUERY_TOOL = "execute_sql_query";

    private static final String DEFINITIONS = """
            - tool:
                name: execute_sql_query
                description: Execute a SQL query against the DuckDB database and return the results as a list of records
                annotations: {title: SQL Query Executor, readOnlyHint: false, destructiveHint: true,
                              idempotentHint: false, openWorldHint: false}
                parameters:
                  - {name: sql, type: string, description: The SQL query to execute}
                return: {type: array, items: {type: object}}
                source: {code: "-- the sql argument"}
            - tool:
                name: list_tables
                description: List all tables in the DuckDB database
                annotations: {title: Database Table Lister, readOnlyHint: true, destructiveHint: false,
                              idempotentHint: true, openWorldHint: false}
                return: {type: array, items: {type: object}}
                source:
                  code: |
                    SELECT table_name AS name, table_type AS type
                    FROM information_schema.tables
                    WHERE table_schema = 'main'
                    ORDER BY table_name
            - tool:
                name: get_table_schema
                description: Get the schema for a specific table in the DuckDB database
                annotations: {title: Table Schema Inspector, readOnlyHint: true, destructiveHint: false,
                              idempotentHint: true, openWorldHint: false}
                parameters:
                  - {name: table_name, type: string, description: Name of the table to get schema for}
                return: {type: array, items: {type: object}}
                source:
                  code: |
                    SELECT column_name AS name, data_type AS type, is_nullable AS nullable
                    FROM information_schema.columns
                    WHERE table_name = $table_name
                    ORDER BY ordinal_position
            """;

    private BuiltInSqlTools() {
    }

    /** The three tools, with the descriptions {@code settings} gives in place of MXCP's where it gives one. */
    public static List<Endpoint> endpoints(SiteConfig.SqlTools settings) {
        Map<String, SiteConfig.SqlTools.Description> overrides = new java.util.HashMap<>();
        put(overrides, QUERY_TOOL, settings.executeSqlQuery());
        put(overrides, "list_tables", settings.listTables());
        put(overrides, "get_table_schema", settings.getTableSchema());
        YamlDocument doc = YamlDocument.parse(Path.of("<built-in SQL tools>"), DEFINITIONS);
        return ((List<?>) doc.data()).stream().map(entry -> {
            ToolDef tool = (ToolDef) doc.bind(entry, EndpointFile.class).definition();
            SiteConfig.SqlTools.Description own = overrides.get(tool.name());
            if (own != null && own.description() != null) {
                tool = tool.withDescription(own.description());
            }
            return new Endpoint(tool, null, tool.source().code(), null);
        }).toList();
    }

    /** Whether {@code endpoint} is the query tool, which runs its {@code sql} argument rather than code of its own. */
    public static boolean runsItsArgument(Endpoint endpoint) {
        return endpoint.file() == null && QUERY_TOOL.equals(endpoint.key());
    }

    private static void put(Map<String, SiteConfig.SqlTools.Description> overrides, String tool,
                            SiteConfig.SqlTools.Description description) {
        if (description != null) {
            overrides.put(tool, description);
        }
    }
}
