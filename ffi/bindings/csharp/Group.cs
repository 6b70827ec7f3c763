// tallyfy_group: a group as the API returned it.
using System;
using System.Collections.Generic;

namespace Tallyfy
{
    /// <summary>A group as the API returned it (tallyfy_group), as managed values only: its
    /// fields and its JSON text, read from the native group while the library lends it. It
    /// holds no native memory; Groups.FullUpdate makes a native group from its JSON
    /// (tallyfy_group_from_json) for the duration of the call.</summary>
    public sealed class Group
    {
        private readonly string json;

        /// <summary>Reads every value of native, which stays the caller's.</summary>
        private Group(GroupHandle native)
        {
            Id = Str.Read(NativeMethods.tallyfy_group_id(native));
            Name = Str.Read(NativeMethods.tallyfy_group_name(native));
            Description = Str.Read(NativeMethods.tallyfy_group_description(native));
            Logo = Str.Read(NativeMethods.tallyfy_group_logo(native));
            CreatedAt = Str.Read(NativeMethods.tallyfy_group_created_at(native));
            UpdatedAt = Str.Read(NativeMethods.tallyfy_group_updated_at(native));
            var members = new List<ulong>();
            ulong count = NativeMethods.tallyfy_group_member_count(native).ToUInt64();
            for (ulong i = 0; i < count; i++) members.Add(NativeMethods.tallyfy_group_member_at(native, new UIntPtr(i)));
            Members = members.AsReadOnly();
            var guests = new List<string>();
            count = NativeMethods.tallyfy_group_guest_count(native).ToUInt64();
            for (ulong i = 0; i < count; i++) guests.Add(Str.Read(NativeMethods.tallyfy_group_guest_at(native, new UIntPtr(i))));
            Guests = guests.AsReadOnly();
            TextHandle text;
            ErrorHandle err;
            Error.Check(NativeMethods.tallyfy_group_to_json(native, out text, out err), err);
            json = Str.Take(text);
        }

        /// <summary>The group of owned (a parse's result or a copy), which is freed here.</summary>
        internal static Group Own(GroupHandle owned)
        {
            using (owned) return new Group(owned);
        }

        /// <summary>The group of one the library lends (a page's, while the page is alive).</summary>
        internal static Group Lent(IntPtr lent)
        {
            using (var borrowed = new GroupHandle(lent)) return new Group(borrowed);
        }

        /// <summary>The group of a copy of one the library lends (a call's, until its next
        /// step), made and read at once.</summary>
        internal static Group Copy(IntPtr lent)
        {
            GroupHandle copy;
            ErrorHandle err;
            using (var borrowed = new GroupHandle(lent)) Error.Check(NativeMethods.tallyfy_group_clone(borrowed, out copy, out err), err);
            return Own(copy);
        }

        /// <summary>A group read from JSON in the shape ToJson writes, so that
        /// Group.FromJson(g.ToJson()) has g's values; throws Error (InvalidInput) listing every
        /// problem (id, name, members.2, ..., unknown keys; "group" for text that is not a JSON
        /// object).</summary>
        public static Group FromJson(string json)
        {
            using (var native = Native(json)) return new Group(native);
        }

        /// <summary>The group's id.</summary>
        public string Id { get; private set; }
        /// <summary>The group's name.</summary>
        public string Name { get; private set; }
        /// <summary>The description; empty when the server sent none.</summary>
        public string Description { get; private set; }
        /// <summary>The logo URL, or null.</summary>
        public string Logo { get; private set; }
        /// <summary>Member user ids.</summary>
        public IReadOnlyList<ulong> Members { get; private set; }
        /// <summary>Guest emails.</summary>
        public IReadOnlyList<string> Guests { get; private set; }
        /// <summary>When it was created (ISO 8601, as sent), or null.</summary>
        public string CreatedAt { get; private set; }
        /// <summary>When it last changed (ISO 8601, as sent), or null.</summary>
        public string UpdatedAt { get; private set; }

        /// <summary>{"id","name","description","logo","members","guests","createdAt","updatedAt"},
        /// as the library wrote it when the group was read.</summary>
        public string ToJson()
        {
            return json;
        }

        /// <summary>A new native group read from json, which the caller disposes; a NULL one for
        /// a null group, which the library refuses naming it.</summary>
        internal static GroupHandle NativeOf(Group group)
        {
            return group == null ? new GroupHandle(IntPtr.Zero) : Native(group.json);
        }

        private static GroupHandle Native(string json)
        {
            using (var pins = new Pins())
            {
                GroupHandle native;
                ErrorHandle err;
                Error.Check(NativeMethods.tallyfy_group_from_json(pins.Str(json), out native, out err), err);
                return native;
            }
        }
    }
}
