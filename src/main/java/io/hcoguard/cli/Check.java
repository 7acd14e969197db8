package io.hcoguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.zjsonpatch.JsonPatch;
import io.hcoguard.admission.Decision;
import io.hcoguard.hyperconverged.HyperConvergedDefaulter;
import io.hcoguard.hyperconverged.HyperConvergedEdit;
import io.hcoguard.hyperconverged.HyperConvergedValidator;
import io.hcoguard.inventory.SavedFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * {@code hco-guard check -f FILE}: each HyperConverged in the files judged as the API server would
 * with hco-guard's webhooks registered: the mutating webhook first, then the validating webhook on
 * the patched object, as a create. Offline: there are no running VMIs to warn about.
 */
final class Check {

    static final String USAGE = """
            Usage: hco-guard check -f FILE [-f FILE]... [--output text|json]

            Runs hco-guard's HyperConverged mutation and validation offline on every HyperConverged
            (hco.kubevirt.io v1beta1 or v1) in the files, and prints the denial, the warnings and the
            patched object, as the webhooks would answer a create.
              -f, --filename FILE   a YAML or JSON file of manifests (- for stdin); other kinds are skipped
              -o, --output FORMAT   text (default) or json
            Exit status: 0 every HyperConverged admitted, 1 one or more denied, 2 could not tell.
            """;

    private static final Set<String> NAMES = Set.of("--filename", "--output");
    private static final Map<String, String> SHORT = Map.of("-f", "--filename", "-o", "--output");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Block style, plain scalars where YAML allows them: reads like the manifest it came from. */
    private static final Dump YAML = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build());

    private final Console console;
    private final HyperConvergedDefaulter defaulter = new HyperConvergedDefaulter();
    private final HyperConvergedValidator validator = new HyperConvergedValidator();

    Check(Console console) {
        this.console = console;
    }

    /**
     * What the webhooks answer for one HyperConverged.
     *
     * @param message the denial, null when admitted
     * @param patch the mutating webhook's JSON Patch, null when it changes nothing
     * @param patched the object as the validating webhook sees it (and the API server stores it)
     */
    record Judged(String file, String apiVersion, String namespace, String name, boolean allowed, String message,
            List<String> warnings, JsonNode patch, JsonNode patched) {
    }

    Verdict run(List<String> args) throws Options.UsageError {
        Options options = Options.parse(args, NAMES, SHORT);
        Options.Output output = options.output();
        List<String> files = options.all("--filename");
        if (files.isEmpty()) {
            throw new Options.UsageError("check needs -f FILE");
        }
        List<Judged> judged = new ArrayList<>();
        try {
            for (String file : files) {
                List<JsonNode> objects = new ArrayList<>();
                if (file.equals("-")) {
                    SavedFile.read("standard input", console.in(), objects::add);
                } else {
                    SavedFile.read(Path.of(file), objects::add);
                }
                for (JsonNode object : objects) {
                    if (isHyperConverged(object)) {
                        judged.add(judge(file, object));
                    }
                }
            }
        } catch (SavedFile.Unreadable e) {
            console.note("could not tell: " + e.getMessage());
            return Verdict.COULD_NOT_TELL;
        }
        if (judged.isEmpty()) {
            console.note("could not tell: no HyperConverged (hco.kubevirt.io) in " + String.join(", ", files));
            return Verdict.COULD_NOT_TELL;
        }
        if (output == Options.Output.JSON) {
            console.out().println(json(judged));
        } else {
            judged.forEach(this::print);
        }
        return judged.stream().allMatch(Judged::allowed) ? Verdict.READY : Verdict.BLOCKED;
    }

    private Judged judge(String file, JsonNode object) {
        String apiVersion = SavedFile.text(object, "apiVersion");
        JsonNode metadata = object.path("metadata");
        String namespace = metadata.path("namespace").asText("");
        String name = metadata.path("name").asText("");
        Decision mutation = defaulter.mutate(new HyperConvergedEdit(apiVersion, object, null));
        if (!mutation.allowed()) {
            return new Judged(file, apiVersion, namespace, name, false, mutation.message(), mutation.warnings(), null, object);
        }
        JsonNode patched = mutation.hasPatch() ? JsonPatch.apply(mutation.patch(), object) : object;
        Decision validation = validator.validate(new HyperConvergedEdit(apiVersion, patched, null), Optional.empty());
        List<String> warnings = new ArrayList<>(mutation.warnings());
        warnings.addAll(validation.warnings());
        return new Judged(file, apiVersion, namespace, name, validation.allowed(), validation.message(), warnings,
                mutation.patch(), patched);
    }

    /**
     * One line with the verdict (the denial in the webhook's words), a kubectl-style line per
     * warning, then the patch and the patched object when the mutating webhook changes something.
     */
    private void print(Judged judged) {
        String what = "HyperConverged " + (judged.namespace().isEmpty() ? "" : judged.namespace() + "/") + judged.name()
                + " (" + judged.apiVersion() + ", " + judged.file() + ")";
        if (!judged.allowed()) {
            console.out().println(what + ": denied: " + judged.message());
        } else if (judged.patch() == null) {
            console.out().println(what + ": admitted unchanged");
        } else {
            console.out().println(what + ": admitted with " + changes(judged.patch().size()) + " by the mutating webhook");
        }
        judged.warnings().forEach(warning -> console.out().println("Warning: " + warning));
        if (judged.allowed() && judged.patch() != null) {
            for (JsonNode operation : judged.patch()) {
                console.out().println("  " + operation.path("op").asText() + " " + operation.path("path").asText()
                        + (operation.has("value") ? " " + operation.get("value") : ""));
            }
            console.out().print("---\n" + YAML.dumpToString(JSON.convertValue(judged.patched(), Map.class)));
        }
    }

    private static String changes(int count) {
        return count + (count == 1 ? " change" : " changes");
    }

    private static boolean isHyperConverged(JsonNode object) {
        String apiVersion = SavedFile.text(object, "apiVersion");
        return "HyperConverged".equals(SavedFile.text(object, "kind")) && apiVersion != null
                && apiVersion.startsWith("hco.kubevirt.io/");
    }

    private static String json(List<Judged> judged) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (Judged one : judged) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("file", one.file());
            result.put("apiVersion", one.apiVersion());
            result.put("namespace", one.namespace());
            result.put("name", one.name());
            result.put("allowed", one.allowed());
            result.put("message", one.message());
            result.put("warnings", one.warnings());
            result.put("patch", one.patch());
            result.put("patched", one.allowed() ? one.patched() : null);
            results.add(result);
        }
        try {
            return JSON.writeValueAsString(results);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
