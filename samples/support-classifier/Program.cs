// Trains a multinomial naive Bayes support-ticket classifier on the gated dataset and writes model.json.
// Usage: dotnet run -- [data/support-classifier-training.jsonl] [model.json]
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

var dataPath = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "data", "support-classifier-training.jsonl");
var modelPath = args.Length > 1 ? args[1] : "model.json";

var examples = File.ReadLines(dataPath)
    .Where(line => line.Length > 0)
    .Select(line => JsonSerializer.Deserialize<Example>(line)!)
    .ToList();

var vocabulary = new HashSet<string>();
var wordCounts = new Dictionary<string, Dictionary<string, int>>();
var labelCounts = new Dictionary<string, int>();
foreach (var example in examples)
{
    labelCounts[example.label] = labelCounts.GetValueOrDefault(example.label) + 1;
    var counts = wordCounts.TryGetValue(example.label, out var c) ? c : wordCounts[example.label] = new();
    foreach (var word in Tokenize(example.text))
    {
        vocabulary.Add(word);
        counts[word] = counts.GetValueOrDefault(word) + 1;
    }
}

var model = new
{
    // The build stamps the manifest hash into this assembly; the model carries it on.
    training_manifest = Assembly.GetExecutingAssembly().GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "Provenance.TrainingManifest")?.Value,
    priors = labelCounts.ToDictionary(p => p.Key, p => Math.Log((double)p.Value / examples.Count)),
    likelihoods = wordCounts.ToDictionary(
        label => label.Key,
        label =>
        {
            var total = label.Value.Values.Sum() + vocabulary.Count;
            return vocabulary.ToDictionary(w => w, w => Math.Log((label.Value.GetValueOrDefault(w) + 1.0) / total));
        }),
};
File.WriteAllText(modelPath, JsonSerializer.Serialize(model, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine($"Trained on {examples.Count} examples, {vocabulary.Count} words, {labelCounts.Count} labels; wrote {modelPath} (training_manifest={model.training_manifest}).");

static IEnumerable<string> Tokenize(string text) =>
    Regex.Matches(text.ToLowerInvariant(), "[a-z]+").Select(m => m.Value);

internal sealed record Example(string ticket, string label, string text);
