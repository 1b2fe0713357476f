package dev.mxcp.host.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mxcp.host.Fixtures;
import dev.mxcp.host.json.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A plugin's {@code @udf} methods through the real CLI: {@code mxcp query}, and a SQL tool's YAML test. */
class PluginFunctionsCliTest {

    @TempDir
    Path dir;

    @Test
    void queryAndTestCallThePluginsFunctions() throws Exception {
        Fixtures.write(dir, "mxcp-site.yml", """
                mxcp: 1
                project: kits
                profile: dev
                plugin:
                  - {name: loud, module: shouter, config: loud}
                  - {name: quiet, module: shouter}
                """);
        Fixtures.write(dir, "config.yml", """
                mxcp: 1
                projects:
                  kits:
                    profiles:
                      dev:
                        plugin:
                          config:
                            loud: {suffix: "!!"}
                """);
        Fixtures.write(dir, "plugins/shouter.py", """
                from typing import Optional
                from mxcp.plugins import MXCPBasePlugin, udf

                class MXCPPlugin(MXCPBasePlugin):
                    @udf
                    def shout(self, text: Optional[str]) -> Optional[str]:
                        return None if text is None else text.upper() + self.config.get("suffix", ".")

                    @udf
                    def lengths(self, words: list[str]) -> dict[str, int]:
                        return {w: len(w) for w in words}
                """);
        Fixtures.write(dir, "tools/shout.yml", """
                mxcp: 1
                tool:
                  name: shout
                  parameters:
                    - {name: text, type: string}
                  return: {type: string}
                  source:
                    code: SELECT shout_loud($text)
                  tests:
                    - name: loud
                      arguments: [{key: text, value: hey}]
                      result: "HEY!!"
                """);
        Map<String, String> env = Fixtures.env(dir.resolve("home"), "MXCP_CONFIG", dir.resolve("config.yml").toString());

        CliRun query = CliRun.inProject(env, dir, "query",
                "SELECT shout_loud('a') AS loud, shout_quiet('b') AS quiet, shout_loud(NULL) AS none, lengths_quiet(['ab', 'c']) AS lengths");
        assertThat(query.exitCode()).as(query.err()).isZero();
        assertThat(Json.parse(query.out()).get(0).toString())
                .isEqualTo("{\"loud\":\"A!!\",\"quiet\":\"B.\",\"none\":null,\"lengths\":{\"ab\":2,\"c\":1}}");

        CliRun test = CliRun.inProject(env, dir, "test");
        assertThat(test.exitCode()).as(test.out() + test.err()).isZero();
        assertThat(test.out()).contains("PASS tool 'shout' / loud", "1 passed, 0 failed");
    }
}
