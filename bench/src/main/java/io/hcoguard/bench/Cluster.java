package io.hcoguard.bench;

/**
 * The control plane run.sh started, populated once with the fleet, and one app synced against it,
 * shared by the sections of one run (inventory, http, e2e, soak), as `bench/run.sh cluster` shares them.
 */
final class Cluster implements AutoCloseable {

    private final Knobs knobs;
    private boolean populated;
    private App app;

    Cluster(Knobs knobs) {
        this.knobs = knobs;
    }

    void populate() throws Exception {
        if (!populated) {
            Bench.log("populating " + knobs.vmis() + " VMs + VMIs + PVCs (" + knobs.blockers() + " blocking)");
            System.out.println(Populate.fill(new Fleet(knobs.vmis(), knobs.blockers()), 32, line -> { }));
            populated = true;
        }
    }

    /** The app, synced with the populated cluster; started at the first call. */
    App app() throws Exception {
        if (app == null) {
            populate();
            App started = App.start(knobs);
            long ms = started.waitViewSynced();
            Bench.log("app synced %d VMIs in %d ms from launch (https :%d, management :%d)"
                    .formatted(knobs.vmis(), ms, started.port, started.managementPort));
            app = started;
        }
        return app;
    }

    /** Keeps an app another section started and synced with the populated cluster. */
    void adopt(App synced) {
        populated = true;
        app = synced;
    }

    @Override
    public void close() {
        if (app != null) {
            app.close();
        }
    }
}
