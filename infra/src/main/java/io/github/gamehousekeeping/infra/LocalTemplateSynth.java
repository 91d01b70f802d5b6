package io.github.gamehousekeeping.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * Synthesizes the stack into a folder for the local runtime, exactly as {@code cdk synth} does (cdk.json's feature
 * flags, the real functions' jars staged as assets, asset metadata on so each function names its jar).
 * Usage: {@code LocalTemplateSynth OUT_DIR [key=value context...]}.
 */
public final class LocalTemplateSynth {
    private LocalTemplateSynth() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: LocalTemplateSynth OUT_DIR [key=value ...]");
        }
        Path out = Path.of(args[0]).toAbsolutePath();
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("context must be key=value: " + args[i]);
            }
            extra.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Path template = synthesize(out, extra);
        System.out.println("Synthesized " + template);
    }

    /** Synthesizes into {@code out}; returns the template file. */
    public static Path synthesize(Path out, Map<String, String> extraContext) throws Exception {
        Files.createDirectories(out);
        Map<String, Object> context = new LinkedHashMap<>(ProjectLayout.cdkContext(ProjectLayout.findRoot()));
        context.put("aws:cdk:enable-asset-metadata", true);
        context.putAll(extraContext);
        App app = new App(AppProps.builder().context(context).outdir(out.toString()).build());
        HousekeepingApp.createStack(app);
        app.synth();
        return out.resolve(HousekeepingApp.STACK_NAME + ".template.json");
    }
}
