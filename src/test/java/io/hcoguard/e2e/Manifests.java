package io.hcoguard.e2e;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** The kustomize manifests under manifests/, rendered as an admin renders them: `kubectl kustomize`. */
public final class Manifests {

    public static final Path ROOT = ControlPlane.PROJECT.resolve("manifests");
    public static final Path BASE = ROOT.resolve("base");

    private static final ObjectReader OBJECTS = new YAMLMapper().readerFor(GenericKubernetesResource.class);

    private Manifests() {
    }

    /** The rendered YAML stream of a kustomization; fails with kubectl's own message when it does not render. */
    public static String render(Path kustomization) {
        Kubectl.Result result = kustomize(kustomization);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("kubectl kustomize " + kustomization + " failed: " + result.stderr());
        }
        return result.stdout();
    }

    public static Kubectl.Result kustomize(Path kustomization) {
        try {
            return Kubectl.run("kustomize", kustomization.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The objects of a rendered YAML stream, in order. */
    public static List<GenericKubernetesResource> objects(String yaml) {
        try {
            return OBJECTS.<GenericKubernetesResource>readValues(yaml).readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
