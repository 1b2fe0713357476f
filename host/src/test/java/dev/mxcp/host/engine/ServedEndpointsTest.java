package dev.mxcp.host.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mxcp.host.Fixtures;
import dev.mxcp.host.base.MxcpException;
import dev.mxcp.host.config.ProjectConfig;
import dev.mxcp.host.endpoint.Endpoint;
import dev.mxcp.host.endpoint.EndpointDef.Kind;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served view of a project loaded from disk: what is listed, and how callers find an endpoint. */
class ServedEndpointsTest {

    @TempDir
    Path dir;

    private ProjectRuntime runtime;
    private ServedEndpoints served;

    @BeforeEach
    void load() {
        Fixtures.project(dir);
        Fixtures.write(dir, "tools/echo.yml", tool("echo", ""));
        Fixtures.write(dir, "tools/paused.yml", tool("paused", "  enabled: false\n"));
        Fixtures.write(dir, "tools/guarded.yml", tool("guarded", """
                  policies:
                    input:
                      - {condition: "user.role != 'admin'", action: deny}
                """));
        Fixtures.write(dir, "tools/twice_a.yml", tool("twice", ""));
        Fixtures.write(dir, "tools/twice_b.yml", tool("twice", ""));
        Fixtures.write(dir, "resources/note.yml", """
                mxcp: 1
                resource:
                  uri: note://text
                  name: note
                  source: {code: SELECT 'text' AS t}
                """);
        Fixtures.write(dir, "resources/item.yml", """
                mxcp: 1
                resource:
                  uri: items://{shelf}/{id}
                  name: item
                  parameters:
                    - {name: shelf, type: string}
                    - {name: id, type: integer}
                  source: {code: SELECT $id AS id}
                """);
        Fixtures.write(dir, "prompts/ask.yml", """
                mxcp: 1
                prompt:
                  name: ask
                  messages:
                    - prompt: Hello
                """);
        runtime = ProjectRuntime.open(ProjectConfig.load(dir, ProjectConfig.Overrides.NONE, Fixtures.env(dir)));
        served = runtime.served();
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    private static String tool(String name, String extra) {
        return "mxcp: 1\ntool:\n  name: " + name + "\n  source: {code: SELECT 1 AS one}\n" + extra;
    }

    @Test
    void clientsAreOfferedEnabledEndpointsWithTemplatesApart() {
        assertThat(served.listed(Kind.TOOL)).extracting(Endpoint::key).containsExactly("echo", "guarded");
        assertThat(served.listed(Kind.RESOURCE)).extracting(Endpoint::key).containsExactly("note://text");
        assertThat(served.listedTemplates()).extracting(Endpoint::key).containsExactly("items://{shelf}/{id}");
        assertThat(served.listed(Kind.PROMPT)).extracting(Endpoint::key).containsExactly("ask");
    }

    @Test
    void testsRunEveryEnabledEndpoint() {
        assertThat(served.enabled(Kind.TOOL)).extracting(Endpoint::key).containsExactly("echo", "guarded");
    }

    @Test
    void toolsAndPromptsAreFoundByName() {
        assertThat(served.find(Kind.TOOL, "echo")).hasValueSatisfying(t -> {
            assertThat(t.label()).isEqualTo("tool 'echo'");
            assertThat(t.uri()).isNull();
            assertThat(t.uriArguments()).isEmpty();
        });
        assertThat(served.find(Kind.PROMPT, "ask")).isPresent();
        assertThat(served.find(Kind.PROMPT, "echo")).as("names are looked up within their kind").isEmpty();
    }

    @Test
    void aResourceIsFoundByUriOrByName() {
        assertThat(served.find(Kind.RESOURCE, "note://text")).hasValueSatisfying(r -> assertThat(r.uri()).isEqualTo("note://text"));
        assertThat(served.find(Kind.RESOURCE, "note")).hasValueSatisfying(r -> {
            assertThat(r.label()).isEqualTo("resource 'note://text'");
            assertThat(r.uri()).isEqualTo("note://text");
        });
    }

    @Test
    void aConcreteUriMatchingATemplateYieldsItsVariablesAsArguments() {
        ServedEndpoint item = served.find(Kind.RESOURCE, "items://top%20shelf/42").orElseThrow();
        assertThat(item.label()).isEqualTo("resource 'items://{shelf}/{id}'");
        assertThat(item.uri()).isEqualTo("items://top%20shelf/42");
        assertThat(item.uriArguments()).isEqualTo(Map.of("shelf", "top shelf", "id", "42"));
        assertThat(item.call(Map.of("id", "7", "other", 1), dev.mxcp.host.base.CallContext.of(null), true).arguments())
                .as("the URI's variables win over arguments of the same name")
                .isEqualTo(Map.of("shelf", "top shelf", "id", "42", "other", 1));
        assertThat(served.find(Kind.RESOURCE, "items://only-one-segment")).isEmpty();
    }

    @Test
    void mcpFindsNothingDisabledOrUnknown() {
        assertThat(served.find(Kind.TOOL, "paused")).isEmpty();
        assertThat(served.find(Kind.TOOL, "nope")).isEmpty();
        assertThat(served.find(Kind.TOOL, "twice")).isEmpty();
    }

    @Test
    void requireSaysWhyAnEndpointCannotBeCalled() {
        assertThat(served.require(Kind.TOOL, "echo").label()).isEqualTo("tool 'echo'");
        assertThatThrownBy(() -> served.require(Kind.TOOL, "paused")).isInstanceOf(MxcpException.class)
                .hasMessage("Endpoint 'paused' not found in tools (tool 'paused' is disabled: enabled: false in paused.yml)");
        assertThatThrownBy(() -> served.require(Kind.TOOL, "nope")).hasMessage("Endpoint 'nope' not found in tools");
        assertThatThrownBy(() -> served.require(Kind.TOOL, "twice"))
                .hasMessageStartingWith("Endpoint 'twice' not found in tools (its definition failed to load: ")
                .hasMessageContaining("duplicate name: tool 'twice' is also defined as tool 'twice' in twice_");
    }

    @Test
    void theLoadedSetStillHasEverythingForListing() {
        assertThat(served.loaded().all()).extracting(Endpoint::key)
                .containsExactly("echo", "guarded", "paused", "items://{shelf}/{id}", "note://text", "ask");
        assertThat(served.loaded().errors()).hasSize(2);
    }

    @Test
    void aReloadBuildsANewViewAndTellsItsListenersBeforeAndAfter() {
        java.util.List<String> heard = new java.util.ArrayList<>();
        ProjectRuntime.Subscription subscription = runtime.onEndpointsReloaded((before, after) -> heard.add(
                before.find(Kind.TOOL, "added").isPresent() + " -> " + after.find(Kind.TOOL, "added").isPresent()));
        Fixtures.write(dir, "tools/added.yml", tool("added", ""));
        ServedEndpoints reloaded = runtime.reloadEndpoints();
        assertThat(runtime.served()).isSameAs(reloaded).isNotSameAs(served);
        assertThat(heard).containsExactly("false -> true");
        subscription.close();
        runtime.reloadEndpoints();
        assertThat(heard).hasSize(1);
    }
}
