// Every module's permissions, registered on import: the app and the CLI (role:create --permissions *)
// see the same catalogue. Add each new module's permissions file here.
import './system/permissions';
import './party/permissions';
import './product/permissions';
import './policy/permissions';
