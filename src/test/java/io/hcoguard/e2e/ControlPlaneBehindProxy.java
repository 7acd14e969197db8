package io.hcoguard.e2e;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * The shared control plane, but the app under test reaches its API server only through an
 * {@link ApiServerProxy} the test can cut and restore; {@link ControlPlane#admin()} still talks to
 * the API server directly, so the test can change the cluster behind the app's back.
 */
public class ControlPlaneBehindProxy implements QuarkusTestResourceLifecycleManager {

    private static ApiServerProxy proxy;

    @Override
    public Map<String, String> start() {
        Map<String, String> properties = new HashMap<>(new ControlPlane().start());
        if (proxy == null) {
            proxy = ApiServerProxy.to(properties.get("quarkus.kubernetes-client.api-server-url"));
        }
        proxy.restore();
        properties.put("quarkus.kubernetes-client.api-server-url", proxy.url());
        return properties;
    }

    @Override
    public void stop() {
        proxy.restore(); // whatever a test left cut, the next app instance gets a working link
    }

    static ApiServerProxy proxy() {
        return proxy;
    }
}
