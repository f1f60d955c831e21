using Digipoort.Node;
using Digipoort.Node.Keys;
using Digipoort.Node.Pki;

// Maintenance commands run and exit without starting the web host:
// `pki …` manages the development PKI, `keys …` the blob store's encryption keys.
if (PkiCommand.Matches(args)) return PkiCommand.Run(args, Console.Out, Console.Error);
if (args is ["keys", ..]) return await KeysCommand.RunAsync(args[1..]);

// Everything else runs the node; its table of contents is DigipoortNode.Build: configuration, first run, actor system, API.
await DigipoortNode.Build(args).RunAsync();
return 0;
