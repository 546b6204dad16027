using Google.Protobuf;

namespace Switchboard.AgentCore.AI.Tests.Embeddings;

/// <summary>
/// Writes a real, minimal ONNX model by hand (ONNX files are protobuf <c>ModelProto</c> messages): one <c>Gather</c>
/// node looking token ids up in an embedding table, so <c>last_hidden_state[b, s, :] = table[input_ids[b, s], :]</c>.
/// It declares <c>attention_mask</c> and <c>token_type_ids</c> inputs like a BERT export (unused by the graph), so
/// ONNX Runtime rejects a run that does not feed them.
/// </summary>
internal static class TinyOnnxModel
{
    private const int Float = 1;
    private const int Int64 = 7;

    public static void Write(string path, float[,] table)
    {
        var (vocab, dimension) = (table.GetLength(0), table.GetLength(1));
        var raw = new byte[vocab * dimension * sizeof(float)];
        Buffer.BlockCopy(table, 0, raw, 0, raw.Length);

        var initializer = Message(w =>
        {
            Int(w, 1, vocab);
            Int(w, 1, dimension);
            Int(w, 2, Float);
            Str(w, 8, "table");
            w.WriteTag(9, WireFormat.WireType.LengthDelimited);
            w.WriteBytes(ByteString.CopyFrom(raw));
        });
        var node = Message(w =>
        {
            Str(w, 1, "table");
            Str(w, 1, "input_ids");
            Str(w, 2, "last_hidden_state");
            Str(w, 3, "lookup");
            Str(w, 4, "Gather");
        });
        var graph = Message(w =>
        {
            Sub(w, 1, node);
            Str(w, 2, "tiny-encoder");
            Sub(w, 5, initializer);
            foreach (var input in new[] { "input_ids", "attention_mask", "token_type_ids" })
            {
                Sub(w, 11, ValueInfo(input, Int64, ["batch", "sequence"]));
            }

            Sub(w, 12, ValueInfo("last_hidden_state", Float, ["batch", "sequence", dimension]));
        });
        var model = Message(w =>
        {
            Int(w, 1, 8); // ir_version
            Str(w, 2, "switchboard-tests");
            Sub(w, 7, graph);
            Sub(w, 8, Message(o => Int(o, 2, 13))); // opset_import: default domain, opset 13
        });
        File.WriteAllBytes(path, model);
    }

    private static byte[] ValueInfo(string name, int elementType, object[] dims) => Message(w =>
    {
        Str(w, 1, name);
        var shape = Message(s =>
        {
            foreach (var dim in dims)
            {
                Sub(s, 1, Message(d =>
                {
                    if (dim is int value)
                    {
                        Int(d, 1, value);
                    }
                    else
                    {
                        Str(d, 2, (string)dim);
                    }
                }));
            }
        });
        var tensorType = Message(t =>
        {
            Int(t, 1, elementType);
            Sub(t, 2, shape);
        });
        Sub(w, 2, Message(t => Sub(t, 1, tensorType)));
    });

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
        }

        return buffer.ToArray();
    }

    private static void Int(CodedOutputStream w, int field, long value)
    {
        w.WriteTag(field, WireFormat.WireType.Varint);
        w.WriteInt64(value);
    }

    private static void Str(CodedOutputStream w, int field, string value)
    {
        w.WriteTag(field, WireFormat.WireType.LengthDelimited);
        w.WriteString(value);
    }

    private static void Sub(CodedOutputStream w, int field, byte[] message)
    {
        w.WriteTag(field, WireFormat.WireType.LengthDelimited);
        w.WriteBytes(ByteString.CopyFrom(message));
    }
}
