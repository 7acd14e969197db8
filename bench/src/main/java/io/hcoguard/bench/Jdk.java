package io.hcoguard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The JDK's own tools, pointed at the app. */
final class Jdk {

    private Jdk() {
    }

    /** jcmd PID COMMAND... with the JDK that runs the app (17): one of another version cannot attach. */
    static String jcmd(Knobs knobs, App app, String... command) throws Exception {
        Path java = Path.of(knobs.java17());
        Path sibling = java.getParent() == null ? null : java.getParent().resolve("jcmd");
        List<String> argv = new ArrayList<>(List.of(sibling != null && Files.isExecutable(sibling) ? sibling.toString()
                : "/usr/lib/jvm/java-17-openjdk-amd64/bin/jcmd", String.valueOf(app.process.pid())));
        argv.addAll(List.of(command));
        return Children.output(knobs.work(), argv);
    }

    /** The second line of java -version: the runtime's name and build. */
    static String version(String java) throws Exception {
        Process process = Children.start(new ProcessBuilder(java, "-version").redirectErrorStream(true));
        List<String> lines = new String(process.getInputStream().readAllBytes()).lines().toList();
        process.waitFor();
        return lines.size() > 1 ? lines.get(1) : "";
    }
}
