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
}
