package dev.mxcp.host;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The host's package layering, checked on the compiled classes: a call travels down from the CLI and the
 * embedding API to the database, and no package may use one above it or sit in a cycle. Plain JUnit tests:
 * Surefire runs the rules of ArchUnit's own test engine but counts them as no tests.
 */
class ArchitectureTest {

    private static final JavaClasses HOST = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.mxcp.host");

    /** A layer: a name for messages and its package (with its subpackages, unless it is the root package). */
    private record Layer(String name, String packages) {
    }

    /**
     * Top to bottom. A layer may use any layer below it, skipping some, never one above. A new package gets a
     * row here (the last rule fails until it has one). polyglot sits above db because guest code reaches the
     * database through the host bridge; db never calls guests. manager (many MCP servers behind one process)
     * sits below the transports and the embedding API, which will serve and expose it, and above mcp and engine:
     * it speaks MCP as a client, and will run local projects in-process.
     */
    private static final List<Layer> LAYERS = List.of(
            new Layer("cli", "dev.mxcp.host.cli.."),
            new Layer("drift", "dev.mxcp.host.drift.."),
            new Layer("evals", "dev.mxcp.host.evals.."),
            new Layer("api", "dev.mxcp.host"),
            new Layer("admin", "dev.mxcp.host.admin.."),
            new Layer("transport", "dev.mxcp.host.transport.."),
            new Layer("auth", "dev.mxcp.host.auth.."),
            new Layer("manager", "dev.mxcp.host.manager.."),
            new Layer("mcp", "dev.mxcp.host.mcp.."),
            new Layer("engine", "dev.mxcp.host.engine.."),
            new Layer("audit", "dev.mxcp.host.audit.."),
            new Layer("polyglot", "dev.mxcp.host.polyglot.."),
            new Layer("db", "dev.mxcp.host.db.."),
            new Layer("endpoint", "dev.mxcp.host.endpoint.."),
            new Layer("telemetry", "dev.mxcp.host.telemetry.."),
            new Layer("config", "dev.mxcp.host.config.."),
            new Layer("json", "dev.mxcp.host.json.."),
            new Layer("base", "dev.mxcp.host.base.."));

    @Test
    void noLayerUsesOneAboveIt() {
        layering().check(HOST);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("dev.mxcp.(**)").namingSlices("$1").should().beFreeOfCycles().check(HOST);
    }

    @Test
    void everyPackageHasALayer() {
        classes().should().resideInAnyPackage(LAYERS.stream().map(Layer::packages).toArray(String[]::new))
                .because("each package takes its place in ArchitectureTest.LAYERS").check(HOST);
    }

    private static LayeredArchitecture layering() {
        LayeredArchitecture architecture = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (Layer layer : LAYERS) {
            architecture = architecture.layer(layer.name()).definedBy(layer.packages());
        }
        for (int i = 0; i < LAYERS.size(); i++) {
            String name = LAYERS.get(i).name();
            String[] above = LAYERS.subList(0, i).stream().map(Layer::name).toArray(String[]::new);
            architecture = above.length == 0 ? architecture.whereLayer(name).mayNotBeAccessedByAnyLayer()
                    : architecture.whereLayer(name).mayOnlyBeAccessedByLayers(above);
        }
        return architecture;
    }
}
