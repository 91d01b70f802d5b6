package io.github.gamehousekeeping.local.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A synthesized CloudFormation template, with its intrinsic functions resolved as CloudFormation would resolve them
 * for a stack deployed locally: {@code Ref}, {@code Fn::GetAtt}, {@code Fn::Join}, {@code Fn::Sub},
 * {@code Fn::Select}, {@code Fn::Split}, {@code Fn::If} (conditions evaluated), the pseudo parameters, and parameter
 * defaults. Physical names and ARNs follow the service's formats (a function's ARN, a version's {@code :1}, an alias's
 * {@code :NAME}, a state machine's {@code stateMachine:NAME}, ...), so what the state machine definition names is what
 * the local runtime can look up.
 */
public final class CloudFormationTemplate {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]+)}");

    /** One resource of the template. */
    public record Resource(String logicalId, String type, JsonNode properties, JsonNode metadata) {
    }

    private final JsonNode root;
    private final Map<String, Resource> resources = new LinkedHashMap<>();
    private final String stackName;
    private final String region;
    private final String accountId;
    private final Map<String, Boolean> conditions = new LinkedHashMap<>();

    private CloudFormationTemplate(JsonNode root, String stackName, String region, String accountId) {
        this.root = root;
        this.stackName = stackName;
        this.region = region;
        this.accountId = accountId;
        JsonNode res = root.path("Resources");
        if (!res.isObject() || res.isEmpty()) {
            throw new IllegalArgumentException("Not a CloudFormation template: no Resources");
        }
        res.fields().forEachRemaining(e -> {
            JsonNode r = e.getValue();
            if (!r.path("Type").isTextual()) {
                throw new IllegalArgumentException("Resource " + e.getKey() + " has no Type");
            }
            resources.put(e.getKey(), new Resource(e.getKey(), r.get("Type").asText(), r.path("Properties"), r.path("Metadata")));
        });
    }

    /** Parses a template (JSON) for a stack with the given name, in the given region and account. */
    public static CloudFormationTemplate parse(String json, String stackName, String region, String accountId) {
        try {
            return new CloudFormationTemplate(MAPPER.readTree(json), stackName, region, accountId);
        } catch (IOException e) {
            throw new UncheckedIOException("The template is not valid JSON: " + e.getMessage(), e);
        }
    }

    public String stackName() {
        return stackName;
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    public Map<String, Resource> resources() {
        return resources;
    }

    /** The resources of a type, in template order. */
    public List<Resource> resourcesOfType(String type) {
        return resources.values().stream().filter(r -> r.type().equals(type)).toList();
    }

    public Resource resource(String logicalId) {
        Resource r = resources.get(logicalId);
        if (r == null) {
            throw new IllegalArgumentException("The template has no resource " + logicalId);
        }
        return r;
    }

    /** A property of a resource, with every intrinsic function in it resolved. */
    public JsonNode property(Resource resource, String name) {
        JsonNode value = resource.properties().get(name);
        return value == null ? null : resolve(value);
    }

    /** A property resolved to text, or null when absent. */
    public String textProperty(Resource resource, String name) {
        JsonNode value = property(resource, name);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** Resolves every intrinsic function in a value. */
    public JsonNode resolve(JsonNode value) {
        if (value.isObject() && value.size() == 1) {
            String key = value.fieldNames().next();
            JsonNode arg = value.get(key);
            switch (key) {
                case "Ref":
                    return TextNode.valueOf(ref(arg.asText()));
                case "Fn::GetAtt":
                    return getAtt(arg);
                case "Fn::Join":
                    return join(arg);
                case "Fn::Sub":
                    return TextNode.valueOf(sub(arg));
                case "Fn::Select":
                    return resolve(arg.get(1)).get(resolve(arg.get(0)).asInt());
                case "Fn::Split":
                    return split(arg);
                case "Fn::If":
                    return resolve(condition(arg.get(0).asText()) ? arg.get(1) : arg.get(2));
                case "Fn::GetAZs":
                    return MAPPER.createArrayNode().add(region + "a").add(region + "b").add(region + "c");
                case "Fn::Base64":
                    return TextNode.valueOf(java.util.Base64.getEncoder().encodeToString(
                            resolve(arg).asText().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                default:
                    if (key.startsWith("Fn::")) {
                        throw new IllegalArgumentException("Unsupported intrinsic function " + key);
                    }
            }
        }
        if (value.isObject()) {
            ObjectNode out = MAPPER.createObjectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                JsonNode resolved = resolve(e.getValue());
                if (!isNoValue(resolved)) {
                    out.set(e.getKey(), resolved);
                }
            }
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = MAPPER.createArrayNode();
            for (JsonNode item : value) {
                JsonNode resolved = resolve(item);
                if (!isNoValue(resolved)) {
                    out.add(resolved);
                }
            }
            return out;
        }
        return value;
    }

    private static final String NO_VALUE = "\u0000AWS::NoValue";

    private static boolean isNoValue(JsonNode node) {
        return node.isTextual() && node.asText().equals(NO_VALUE);
    }

    private boolean condition(String name) {
        Boolean known = conditions.get(name);
        if (known != null) {
            return known;
        }
        JsonNode definition = root.path("Conditions").get(name);
        if (definition == null) {
            throw new IllegalArgumentException("Unknown condition " + name);
        }
        boolean result = evaluateCondition(definition);
        conditions.put(name, result);
        return result;
    }

    private boolean evaluateCondition(JsonNode node) {
        if (node.isObject() && node.has("Condition")) {
            return condition(node.get("Condition").asText());
        }
        String fn = node.fieldNames().next();
        JsonNode args = node.get(fn);
        return switch (fn) {
            case "Fn::Equals" -> resolve(args.get(0)).equals(resolve(args.get(1)));
            case "Fn::Not" -> !evaluateCondition(args.get(0));
            case "Fn::And" -> {
                boolean all = true;
                for (JsonNode a : args) {
                    all &= evaluateCondition(a);
                }
                yield all;
            }
            case "Fn::Or" -> {
                boolean any = false;
                for (JsonNode a : args) {
                    any |= evaluateCondition(a);
                }
                yield any;
            }
            default -> throw new IllegalArgumentException("Unsupported condition function " + fn);
        };
    }

    private String ref(String name) {
        switch (name) {
            case "AWS::Region":
                return region;
            case "AWS::AccountId":
                return accountId;
            case "AWS::Partition":
                return "aws";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::StackName":
                return stackName;
            case "AWS::StackId":
                return "arn:aws:cloudformation:" + region + ":" + accountId + ":stack/" + stackName + "/local";
            case "AWS::NoValue":
                return NO_VALUE;
            case "AWS::NotificationARNs":
                return "";
            default:
                break;
        }
        JsonNode parameter = root.path("Parameters").get(name);
        if (parameter != null) {
            JsonNode def = parameter.get("Default");
            if (def == null) {
                throw new IllegalArgumentException("Parameter " + name + " has no default value");
            }
            return def.asText();
        }
        Resource r = resource(name);
        return switch (r.type()) {
            case "AWS::Lambda::Function" -> functionName(r);
            case "AWS::Lambda::Version" -> functionArnOf(r.properties().get("FunctionName")) + ":" + versionNumber(r);
            case "AWS::Lambda::Alias" -> aliasArn(r);
            case "AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable" -> tableName(r);
            case "AWS::StepFunctions::StateMachine" -> stateMachineArn(r);
            case "AWS::SNS::Topic" -> "arn:aws:sns:" + region + ":" + accountId + ":" + physicalName(r, "TopicName");
            case "AWS::SQS::Queue" -> "https://sqs." + region + ".amazonaws.com/" + accountId + "/" + physicalName(r, "QueueName");
            case "AWS::Logs::LogGroup" -> physicalName(r, "LogGroupName");
            case "AWS::IAM::Role" -> physicalName(r, "RoleName");
            case "AWS::CloudWatch::Dashboard" -> physicalName(r, "DashboardName");
            default -> generatedName(r.logicalId());
        };
    }

    private JsonNode getAtt(JsonNode arg) {
        String logicalId;
        String attribute;
        if (arg.isArray()) {
            logicalId = arg.get(0).asText();
            attribute = resolve(arg.get(1)).asText();
        } else {
            String text = arg.asText();
            int dot = text.indexOf('.');
            logicalId = text.substring(0, dot);
            attribute = text.substring(dot + 1);
        }
        Resource r = resource(logicalId);
        String value = switch (r.type() + "." + attribute) {
            case "AWS::Lambda::Function.Arn" -> functionArn(r);
            case "AWS::Lambda::Version.Version" -> Integer.toString(versionNumber(r));
            case "AWS::Lambda::Version.FunctionArn" -> functionArnOf(r.properties().get("FunctionName"));
            case "AWS::Lambda::Alias.AliasArn" -> aliasArn(r);
            case "AWS::DynamoDB::Table.Arn", "AWS::DynamoDB::GlobalTable.Arn" ->
                    "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + tableName(r);
            case "AWS::DynamoDB::Table.StreamArn", "AWS::DynamoDB::GlobalTable.StreamArn" ->
                    "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + tableName(r) + "/stream/local";
            case "AWS::StepFunctions::StateMachine.Arn" -> stateMachineArn(r);
            case "AWS::StepFunctions::StateMachine.Name" -> stateMachineName(r);
            case "AWS::IAM::Role.Arn" -> "arn:aws:iam::" + accountId + ":role/" + physicalName(r, "RoleName");
            case "AWS::Logs::LogGroup.Arn" -> "arn:aws:logs:" + region + ":" + accountId + ":log-group:"
                    + physicalName(r, "LogGroupName") + ":*";
            case "AWS::SNS::Topic.TopicArn" -> ref(logicalId);
            case "AWS::SNS::Topic.TopicName" -> physicalName(r, "TopicName");
            case "AWS::KMS::Key.Arn" -> "arn:aws:kms:" + region + ":" + accountId + ":key/" + generatedName(logicalId);
            case "AWS::SQS::Queue.Arn" -> "arn:aws:sqs:" + region + ":" + accountId + ":" + physicalName(r, "QueueName");
            case "AWS::CloudWatch::Alarm.Arn" -> "arn:aws:cloudwatch:" + region + ":" + accountId + ":alarm:"
                    + physicalName(r, "AlarmName");
            default -> logicalId + "." + attribute;
        };
        return TextNode.valueOf(value);
    }

    private JsonNode join(JsonNode arg) {
        String delimiter = arg.get(0).asText();
        JsonNode items = resolve(arg.get(1));
        List<String> parts = new ArrayList<>();
        for (JsonNode item : items) {
            parts.add(item.isTextual() ? item.asText() : item.toString());
        }
        return TextNode.valueOf(String.join(delimiter, parts));
    }

    private JsonNode split(JsonNode arg) {
        String delimiter = arg.get(0).asText();
        String source = resolve(arg.get(1)).asText();
        ArrayNode out = MAPPER.createArrayNode();
        for (String part : source.split(Pattern.quote(delimiter), -1)) {
            out.add(part);
        }
        return out;
    }

    private String sub(JsonNode arg) {
        String template;
        Map<String, String> variables = new LinkedHashMap<>();
        if (arg.isArray()) {
            template = arg.get(0).asText();
            arg.get(1).fields().forEachRemaining(e -> variables.put(e.getKey(), resolve(e.getValue()).asText()));
        } else {
            template = arg.asText();
        }
        Matcher m = SUB_VARIABLE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (!m.group(1).isEmpty()) {
                replacement = "${" + m.group(2) + "}";
            } else {
                String name = m.group(2);
                if (variables.containsKey(name)) {
                    replacement = variables.get(name);
                } else if (name.contains(".") && !name.startsWith("AWS::")) {
                    replacement = getAtt(TextNode.valueOf(name)).asText();
                } else {
                    replacement = ref(name);
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    // ---- physical names and ARNs ------------------------------------------------------------------------------

    private String physicalName(Resource r, String nameProperty) {
        JsonNode name = r.properties().get(nameProperty);
        return name == null ? generatedName(r.logicalId()) : resolve(name).asText();
    }

    /** What CloudFormation generates when a resource has no explicit name: stack name, logical ID, a suffix. */
    private String generatedName(String logicalId) {
        String base = stackName + "-" + logicalId;
        String suffix = Integer.toHexString(Objects.hash(stackName, logicalId)).toUpperCase();
        String name = base + "-" + suffix;
        return name.length() > 64 ? name.substring(0, 51) + "-" + suffix : name;
    }

    public String functionName(Resource function) {
        return physicalName(function, "FunctionName");
    }

    public String functionArn(Resource function) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + functionName(function);
    }

    private String functionArnOf(JsonNode functionNameProperty) {
        String nameOrArn = resolve(functionNameProperty).asText();
        return nameOrArn.startsWith("arn:") ? nameOrArn
                : "arn:aws:lambda:" + region + ":" + accountId + ":function:" + nameOrArn;
    }

    /** Versions are numbered per function in template order, from 1, as publishing them in that order would. */
    private int versionNumber(Resource version) {
        String function = resolve(version.properties().get("FunctionName")).asText();
        int n = 0;
        for (Resource r : resourcesOfType("AWS::Lambda::Version")) {
            if (resolve(r.properties().get("FunctionName")).asText().equals(function)) {
                n++;
                if (r == version) {
                    return n;
                }
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private String aliasArn(Resource alias) {
        return functionArnOf(alias.properties().get("FunctionName")) + ":" + resolve(alias.properties().get("Name")).asText();
    }

    public String tableName(Resource table) {
        return physicalName(table, "TableName");
    }

    public String stateMachineName(Resource stateMachine) {
        return physicalName(stateMachine, "StateMachineName");
    }

    public String stateMachineArn(Resource stateMachine) {
        return io.github.gamehousekeeping.local.asl.ExecutionArns.stateMachine(region, accountId, stateMachineName(stateMachine));
    }

    static JsonNodeFactory nodes() {
        return MAPPER.getNodeFactory();
    }
}
