// A small JSON reader and writer for the tests: objects keep their key order and numbers keep
// their literal text, so a vector's input is handed on exactly as written.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Tallyfy.Tests
{
    /// <summary>A JSON number, as written.</summary>
    public sealed class JsonNumber
    {
        public JsonNumber(string text) { Text = text; }
        public string Text { get; private set; }
        public double Value { get { return double.Parse(Text, CultureInfo.InvariantCulture); } }
    }

    /// <summary>A JSON object with its keys in order.</summary>
    public sealed class JsonObject : List<KeyValuePair<string, object>>
    {
        /// <summary>The value at key; null when absent (see Has).</summary>
        public object this[string key]
        {
            get
            {
                foreach (var pair in this) if (pair.Key == key) return pair.Value;
                return null;
            }
        }

        public bool Has(string key)
        {
            foreach (var pair in this) if (pair.Key == key) return true;
            return false;
        }
    }

    public static class MiniJson
    {
        public static object Parse(string text)
        {
            int i = 0;
            object value = Value(text, ref i);
            Space(text, ref i);
            if (i != text.Length) throw new FormatException("trailing text at " + i);
            return value;
        }

        public static string Write(object value)
        {
            var out_ = new StringBuilder();
            Write(value, out_);
            return out_.ToString();
        }

        /// <summary>Whether a and b are the same JSON (numbers by value, objects in any order).</summary>
        public static bool Same(object a, object b)
        {
            if (a == null || b == null) return a == null && b == null;
            if (a is JsonNumber && b is JsonNumber) return ((JsonNumber)a).Value == ((JsonNumber)b).Value;
            if (a is string || a is bool) return a.Equals(b);
            var la = a as List<object>;
            var lb = b as List<object>;
            if (la != null && lb != null)
            {
                if (la.Count != lb.Count) return false;
                for (int i = 0; i < la.Count; i++) if (!Same(la[i], lb[i])) return false;
                return true;
            }
            var oa = a as JsonObject;
            var ob = b as JsonObject;
            if (oa == null || ob == null || oa.Count != ob.Count) return false;
            foreach (var pair in oa) if (!ob.Has(pair.Key) || !Same(pair.Value, ob[pair.Key])) return false;
            return true;
        }

        private static void Write(object value, StringBuilder out_)
        {
            if (value == null) out_.Append("null");
            else if (value is bool) out_.Append((bool)value ? "true" : "false");
            else if (value is JsonNumber) out_.Append(((JsonNumber)value).Text);
            else if (value is string) WriteString((string)value, out_);
            else if (value is JsonObject)
            {
                out_.Append('{');
                bool first = true;
                foreach (var pair in (JsonObject)value)
                {
                    if (!first) out_.Append(',');
                    first = false;
                    WriteString(pair.Key, out_);
                    out_.Append(':');
                    Write(pair.Value, out_);
                }
                out_.Append('}');
            }
            else
            {
                out_.Append('[');
                bool first = true;
                foreach (var item in (List<object>)value)
                {
                    if (!first) out_.Append(',');
                    first = false;
                    Write(item, out_);
                }
                out_.Append(']');
            }
        }

        private static void WriteString(string s, StringBuilder out_)
        {
            out_.Append('"');
            foreach (char c in s)
            {
                if (c == '"') out_.Append("\\\"");
                else if (c == '\\') out_.Append("\\\\");
                else if (c < 0x20) out_.Append("\\u").Append(((int)c).ToString("x4"));
                else out_.Append(c);
            }
            out_.Append('"');
        }

        private static void Space(string t, ref int i)
        {
            while (i < t.Length && char.IsWhiteSpace(t[i])) i++;
        }

        private static object Value(string t, ref int i)
        {
            Space(t, ref i);
            char c = t[i];
            if (c == '{')
            {
                var obj = new JsonObject();
                i++;
                Space(t, ref i);
                if (t[i] == '}') { i++; return obj; }
                while (true)
                {
                    Space(t, ref i);
                    string key = (string)Value(t, ref i);
                    Space(t, ref i);
                    i++; // ':'
                    obj.Add(new KeyValuePair<string, object>(key, Value(t, ref i)));
                    Space(t, ref i);
                    if (t[i++] == '}') return obj;
                }
            }
            if (c == '[')
            {
                var list = new List<object>();
                i++;
                Space(t, ref i);
                if (t[i] == ']') { i++; return list; }
                while (true)
                {
                    list.Add(Value(t, ref i));
                    Space(t, ref i);
                    if (t[i++] == ']') return list;
                }
            }
            if (c == '"')
            {
                var s = new StringBuilder();
                i++;
                while (t[i] != '"')
                {
                    char ch = t[i++];
                    if (ch != '\\') { s.Append(ch); continue; }
                    char e = t[i++];
                    switch (e)
                    {
                        case 'n': s.Append('\n'); break;
                        case 'r': s.Append('\r'); break;
                        case 't': s.Append('\t'); break;
                        case 'b': s.Append('\b'); break;
                        case 'f': s.Append('\f'); break;
                        case 'u': s.Append((char)Convert.ToInt32(t.Substring(i, 4), 16)); i += 4; break;
                        default: s.Append(e); break;
                    }
                }
                i++;
                return s.ToString();
            }
            if (string.CompareOrdinal(t, i, "true", 0, 4) == 0) { i += 4; return true; }
            if (string.CompareOrdinal(t, i, "false", 0, 5) == 0) { i += 5; return false; }
            if (string.CompareOrdinal(t, i, "null", 0, 4) == 0) { i += 4; return null; }
            int start = i;
            while (i < t.Length && "+-.eE0123456789".IndexOf(t[i]) >= 0) i++;
            return new JsonNumber(t.Substring(start, i - start));
        }
    }
}
