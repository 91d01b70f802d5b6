package io.github.gamehousekeeping.local.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
// The Lambda runtime's own (shaded) Jackson, from aws-lambda-java-serialization: the function does not see it.
import com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.ObjectMapper;
import com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.node.ArrayNode;
import com.amazonaws.lambda.thirdparty.com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The entry point of one emulated Lambda execution environment: a JVM of its own, started by {@link LocalLambdaService}
 * with the function's environment variables, that does what the Lambda Java runtime does. Its class path is the
 * runtime ({@link LambdaRuntimeJar}: this class, aws-lambda-java-core, aws-lambda-java-serialization with its shaded
 * dependencies) followed by the function's jar, as on Lambda, where the customer's code resolves through the runtime's
 * class path first: a class missing from the function's jar fails here as it fails on AWS. (With the function's jar
 * on the application class path its classes come from the class-data-sharing archive without being read; a class
 * loader of its own would read and define every class from the jar.) It constructs the handler once with its no-arg
 * constructor, then serves invocations one at a time. Input and output go through the same serializers the runtime
 * uses ({@code aws-lambda-java-serialization}); a thrown exception becomes Lambda's error document
 * ({@code errorMessage}, {@code errorType} = the exception's class name, {@code stackTrace}).
 *
 * <p>Protocol, one JSON document per line: requests on stdin {@code {"id", "payload", "deadlineEpochMs",
 * "invokedFunctionArn"}}; on the process's real stdout first {@code {"ready": true|false, "initMs", "logs", "error"}},
 * then per request {@code {"id", "ok", "result" | "error", "logs", "durationMs"}}. Whatever the function prints to
 * System.out/err or logs through its {@link LambdaLogger} is returned as that invocation's log lines.
 */
public final class LambdaWorkerMain {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final LogBuffer logs = new LogBuffer();
    private final String functionName;
    private final String functionVersion;
    private final int memoryMb;
    private Object handler;
    private Method method;
    private PojoSerializer<Object> inputSerializer;
    private PojoSerializer<Object> outputSerializer;
    private boolean streamHandler;
    private ClassLoader functionLoader;

    private LambdaWorkerMain(String functionName, String functionVersion, int memoryMb) {
        this.functionName = functionName;
        this.functionVersion = functionVersion;
        this.memoryMb = memoryMb;
    }

    /** Arguments: handler ({@code pkg.Class::method}), jar path, function name, version, memory in MB. */
    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        LambdaWorkerMain worker = new LambdaWorkerMain(args[2], args[3], Integer.parseInt(args[4]));
        PrintStream captured = new PrintStream(worker.logs, true, StandardCharsets.UTF_8);
        System.setOut(captured);
        System.setErr(captured);

        long start = System.nanoTime();
        ObjectNode ready = MAPPER.createObjectNode();
        try {
            worker.init(args[0], Path.of(args[1]));
            ready.put("ready", true);
        } catch (Throwable t) {
            ready.put("ready", false);
            ready.set("error", errorDocument(unwrap(t)));
        }
        ready.put("initMs", (System.nanoTime() - start) / 1_000_000.0);
        ready.set("logs", worker.logs.drain());
        protocol.println(MAPPER.writeValueAsString(ready));
        if (!ready.get("ready").asBoolean()) {
            return;
        }

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            ObjectNode request = (ObjectNode) MAPPER.readTree(line);
            protocol.println(JsonText.escapeLoneSurrogates(MAPPER.writeValueAsString(worker.invoke(request))));
        }
    }

    private void init(String handlerSpec, Path jar) throws Exception {
        String className = handlerSpec.contains("::") ? handlerSpec.substring(0, handlerSpec.indexOf("::")) : handlerSpec;
        String methodName = handlerSpec.contains("::") ? handlerSpec.substring(handlerSpec.indexOf("::") + 2) : null;
        if (!onClassPath(jar)) {
            throw new IllegalStateException("The function's jar " + jar + " is not on the class path of its environment");
        }
        functionLoader = ClassLoader.getSystemClassLoader();
        Thread.currentThread().setContextClassLoader(functionLoader);
        Class<?> type = Class.forName(className, true, functionLoader);
        handler = type.getConstructor().newInstance();
        if (handler instanceof RequestStreamHandler && (methodName == null || methodName.equals("handleRequest"))) {
            streamHandler = true;
            return;
        }
        if (!(handler instanceof RequestHandler<?, ?>)) {
            throw new IllegalStateException("Class does not implement an appropriate handler interface: " + className);
        }
        Type[] parameters = requestHandlerTypes(type);
        method = type.getMethod(methodName == null ? "handleRequest" : methodName, Object.class, Context.class);
        inputSerializer = serializerFor(parameters[0]);
        outputSerializer = serializerFor(parameters[1]);
    }

    @SuppressWarnings("unchecked")
    private PojoSerializer<Object> serializerFor(Type type) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (LambdaEventSerializers.isLambdaSupportedEvent(raw.getName())) {
            return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(raw, functionLoader);
        }
        return JacksonFactory.getInstance().getSerializer(type);
    }

    private static Type[] requestHandlerTypes(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Type iface : c.getGenericInterfaces()) {
                if (iface instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    return p.getActualTypeArguments();
                }
            }
        }
        throw new IllegalStateException("Class " + type.getName() + " does not implement RequestHandler with concrete type parameters");
    }

    private ObjectNode invoke(ObjectNode request) {
        String id = request.get("id").asText();
        long deadline = request.path("deadlineEpochMs").asLong(Long.MAX_VALUE);
        String arn = request.path("invokedFunctionArn").asText();
        ObjectNode response = MAPPER.createObjectNode();
        response.put("id", id);
        long start = System.nanoTime();
        Thread.currentThread().setContextClassLoader(functionLoader);
        try {
            byte[] payload = JsonText.escapeLoneSurrogates(request.get("payload").asText()).getBytes(StandardCharsets.UTF_8);
            WorkerContext context = new WorkerContext(id, arn, deadline);
            String result;
            if (streamHandler) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ((RequestStreamHandler) handler).handleRequest(new ByteArrayInputStream(payload), out, context);
                result = out.toString(StandardCharsets.UTF_8);
            } else {
                Object input = inputSerializer.fromJson(new ByteArrayInputStream(payload));
                Object output = method.invoke(handler, input, context);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                outputSerializer.toJson(output, out);
                result = out.toString(StandardCharsets.UTF_8);
            }
            response.put("ok", true);
            response.put("result", result.isEmpty() ? "null" : result);
        } catch (Throwable t) {
            Throwable cause = unwrap(t);
            cause.printStackTrace(System.err); // Lambda logs the failure too
            response.put("ok", false);
            response.set("error", errorDocument(cause));
        }
        response.put("durationMs", (System.nanoTime() - start) / 1_000_000.0);
        response.set("logs", logs.drain());
        return response;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof InvocationTargetException || current instanceof ExceptionInInitializerError)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** Lambda's error document for a Java exception. */
    static ObjectNode errorDocument(Throwable t) {
        ObjectNode error = MAPPER.createObjectNode();
        error.put("errorMessage", t.getMessage() == null ? t.getClass().getName() : t.getMessage());
        error.put("errorType", t.getClass().getName());
        ArrayNode stack = error.putArray("stackTrace");
        for (StackTraceElement element : t.getStackTrace()) {
            stack.add(element.toString());
        }
        if (t.getCause() != null && t.getCause() != t) {
            error.set("cause", errorDocument(t.getCause()));
        }
        return error;
    }

    private static boolean onClassPath(Path jar) {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (Path.of(entry).toAbsolutePath().equals(jar.toAbsolutePath())) {
                return true;
            }
        }
        return false;
    }

    /** Collects what the function prints or logs, line by line, for the current invocation. */
    private static final class LogBuffer extends OutputStream {
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();
        private final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                flushLine();
            } else {
                current.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        private void flushLine() {
            lines.add(current.toString(StandardCharsets.UTF_8));
            current.reset();
        }

        synchronized ArrayNode drain() {
            if (current.size() > 0) {
                flushLine();
            }
            ArrayNode node = MAPPER.createArrayNode();
            lines.forEach(node::add);
            lines.clear();
            return node;
        }
    }

    private final class WorkerContext implements Context, LambdaLogger {
        private final String requestId;
        private final String invokedArn;
        private final long deadline;

        WorkerContext(String requestId, String invokedArn, long deadline) {
            this.requestId = requestId;
            this.invokedArn = invokedArn;
            this.deadline = deadline;
        }

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + functionName;
        }

        @Override
        public String getLogStreamName() {
            return "local/[" + functionVersion + "]" + ProcessHandle.current().pid();
        }

        @Override
        public String getFunctionName() {
            return functionName;
        }

        @Override
        public String getFunctionVersion() {
            return functionVersion;
        }

        @Override
        public String getInvokedFunctionArn() {
            return invokedArn;
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE, deadline - System.currentTimeMillis()));
        }

        @Override
        public int getMemoryLimitInMB() {
            return memoryMb;
        }

        @Override
        public LambdaLogger getLogger() {
            return this;
        }

        @Override
        public void log(String message) {
            System.out.print(message.endsWith("\n") ? message : message + "\n");
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public void log(String message, LogLevel level) {
            log(message);
        }

        @Override
        public void log(byte[] message, LogLevel level) {
            log(message);
        }
    }
}
