package dev.mxcp.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mxcp.host.Fixtures;
import dev.mxcp.host.json.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files MXCP accepts load here, and the CLI answers as MXCP's does: each case from MXCP's models, tests or CLI. */
class MxcpParityTest {

    @TempDir
    Path dir;

    Path project;
    Map<String, String> env;

    @BeforeEach
    void writeProject() {
        project = Fixtures.project(dir.resolve("p"));
        Fixtures.write(project, "mxcp-site.yml", """
                mxcp: 1
                project: demo
                profile: dev
                profiles:
                  dev:
                    duckdb:
                      path: ":memory:"
                """);
        env = Fixtures.env(dir.resolve("home"));
    }

    private CliRun mxcp(String... args) {
        return CliRun.inProject(env, project, args);
    }

    @Test
    void promptMessagesTakeMxcpsRolesAndRenderThemAsWritten() throws Exception {
        // MXCP's PromptMessageModel: prompt required, role and type free text and optional
        Fixtures.write(project, "prompts/brief.yml", """
                mxcp: 1
                prompt:
                  name: brief
                  parameters:
                    - {name: topic, type: string, description: The topic}
                  messages:
                    - {role: system, type: text, prompt: "You are terse."}
                    - {prompt: "Explain {{ topic }}."}
                """);
        assertThat(mxcp("list").exitCode()).isZero();
        CliRun validate = mxcp("validate");
        assertThat(validate.exitCode()).as(validate.out() + validate.err()).isZero();
        CliRun run = mxcp("run", "prompt", "brief", "--param", "topic=joins");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode messages = Json.parse(run.out());
        assertThat(messages.toString()).isEqualTo("[{\"role\":\"system\",\"type\":\"text\",\"prompt\":\"You are terse.\"},"
                + "{\"role\":null,\"type\":null,\"prompt\":\"Explain joins.\"}]");
    }

    @Test
    void resourcesTakeParametersOutsideTheirUriAndValidateSaysWhatMxcpSays() throws Exception {
        // MXCP's loader takes these; its validator refuses parameters that are not URI variables, nothing else
        Fixtures.write(project, "resources/users.yml", """
                mxcp: 1
                resource:
                  uri: users://{id}
                  parameters:
                    - {name: id, type: integer, description: The user}
                    - {name: fields, type: string, description: Which fields, default: all}
                  source: {code: "SELECT $id AS id, $fields AS fields"}
                """);
        Fixtures.write(project, "resources/report.yml", """
                mxcp: 1
                resource:
                  uri: reports://{year}/{section}
                  parameters:
                    - {name: year, type: integer, description: The year}
                  source: {code: "SELECT $year AS year"}
                """);
        CliRun list = mxcp("list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("users://{id}", "reports://{year}/{section}");

        CliRun byTemplate = mxcp("run", "resource", "users://{id}", "--param", "id=7", "--param", "fields=name");
        assertThat(byTemplate.exitCode()).as(byTemplate.err()).isZero();
        assertThat(Json.parse(byTemplate.out()).toString()).isEqualTo("[{\"id\":7,\"fields\":\"name\"}]");
        CliRun byUri = mxcp("run", "resource", "users://8", "--param", "fields=email");
        assertThat(byUri.exitCode()).as(byUri.err()).isZero();
        assertThat(Json.parse(byUri.out()).toString()).isEqualTo("[{\"id\":8,\"fields\":\"email\"}]");
        CliRun unnamedVariable = mxcp("run", "resource", "reports://2024/summary");
        assertThat(unnamedVariable.exitCode()).as(unnamedVariable.err()).isZero();
        assertThat(Json.parse(unnamedVariable.out()).toString()).isEqualTo("[{\"year\":2024}]");

        CliRun validate = mxcp("validate");
        assertThat(validate.exitCode()).isEqualTo(1);
        assertThat(validate.out()).contains("Resource parameter(s) ['fields'] are not used in uri 'users://{id}'. "
                + "Put them in the uri or make a 'tool:' instead.");
        assertThat(validate.out()).doesNotContain("INVALID resource 'reports://");
    }
}
