#!/usr/bin/env python3
"""Adds the append-only audit triggers to a freshly generated Initial migration of each provider.

EF Core cannot model triggers, so they live as SQL in the Initial migrations. Run this after
regenerating the Initial migrations (pre-release only; later migrations are additive).
"""
import glob, os, sys

root = os.path.join(os.path.dirname(__file__), '..', 'src', 'GrantTracker.Application', 'Data', 'Migrations')
specs = {
    'Sqlite': (
        '            migrationBuilder.Sql("CREATE TRIGGER \\"TR_AuditEntries_AppendOnly\\" BEFORE UPDATE ON \\"AuditEntries\\" BEGIN SELECT RAISE(ABORT, \'AuditEntries is append-only\'); END;");\n'
        '            migrationBuilder.Sql("CREATE TRIGGER \\"TR_AuditEntries_AppendOnly_Delete\\" BEFORE DELETE ON \\"AuditEntries\\" BEGIN SELECT RAISE(ABORT, \'AuditEntries is append-only\'); END;");\n',
        '            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \\"TR_AuditEntries_AppendOnly_Delete\\";");\n'
        '            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \\"TR_AuditEntries_AppendOnly\\";");\n'),
    'SqlServer': (
        '            migrationBuilder.Sql("CREATE TRIGGER [TR_AuditEntries_AppendOnly] ON [AuditEntries] INSTEAD OF UPDATE, DELETE AS BEGIN SET NOCOUNT ON; THROW 50000, \'AuditEntries is append-only\', 1; END;");\n',
        '            migrationBuilder.Sql("DROP TRIGGER IF EXISTS [TR_AuditEntries_AppendOnly];");\n'),
}
for provider, (up, down) in specs.items():
    path = glob.glob(os.path.join(root, provider, '*_Initial.cs'))[0]
    s = open(path).read()
    if 'TR_AuditEntries_AppendOnly' in s:
        continue
    i = s.index('        /// <inheritdoc />\n        protected override void Down')
    j = s.rindex('        }', 0, i)
    s = s[:j] + '\n            // The audit trail is append-only; the database refuses UPDATE and DELETE too.\n' + up + s[j:]
    marker = 'protected override void Down(MigrationBuilder migrationBuilder)\n        {\n'
    k = s.index(marker) + len(marker)
    s = s[:k] + down + s[k:]
    open(path, 'w').write(s)
    print('triggers added to', os.path.relpath(path))
