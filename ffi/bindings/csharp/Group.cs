// tallyfy_group: a group as the API returned it.
using System;
using System.Collections.Generic;

namespace Tallyfy
{
    /// <summary>A group as the API returned it (tallyfy_group). Its values are managed copies;
    /// it also owns the native group (or the page holding it), freed by the GC, which
    /// Groups.FullUpdate and ToJson read.</summary>
    public sealed class Group
    {
        private readonly GroupHandle native;
        // The page a group lent by it belongs to, kept alive with the group.
        private readonly GroupPageHandle page;

        private Group(GroupHandle native, GroupPageHandle page)
        {
            this.native = native;
            this.page = page;
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
        }

        /// <summary>A group that owns native (a parse's result or a copy).</summary>
        internal static Group Own(GroupHandle native)
        {
            return new Group(native, null);
        }

        /// <summary>A group owning a copy of one the library lends (a call's, until its next step).</summary>
        internal static Group Copy(IntPtr lent)
        {
            GroupHandle copy;
            ErrorHandle err;
            using (var borrowed = new GroupHandle(lent)) Error.Check(NativeMethods.tallyfy_group_clone(borrowed, out copy, out err), err);
            return Own(copy);
        }

        /// <summary>The group lent by page, which the group keeps alive.</summary>
        internal static Group InPage(IntPtr lent, GroupPageHandle page)
        {
            return new Group(new GroupHandle(lent), page);
        }

        /// <summary>The group's id.</summary>
        public string Id { get; private set; }
        /// <summary>The group's name.</summary>
        public string Name { get; private set; }
        /// <summary>The description, or null when the server sent none.</summary>
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

        /// <summary>{"id","name","description","logo","members","guests","createdAt","updatedAt"}.</summary>
        public string ToJson()
        {
            TextHandle json;
            ErrorHandle err;
            Error.Check(NativeMethods.tallyfy_group_to_json(native, out json, out err), err);
            GC.KeepAlive(page);
            return Str.Take(json);
        }

        /// <summary>Calls use with the native group of group (a NULL one for null, which the
        /// library refuses naming it), keeping its page alive meanwhile.</summary>
        internal static T With<T>(Group group, Func<GroupHandle, T> use)
        {
            if (group == null) return use(new GroupHandle(IntPtr.Zero));
            var result = use(group.native);
            GC.KeepAlive(group.page);
            return result;
        }
    }
}
