using Digipoort.Node;
using Digipoort.Node.Pki;

// `pki …` manages the development PKI and exits without starting the web host.
if (PkiCommand.Matches(args)) return PkiCommand.Run(args, Console.Out, Console.Error);

// Everything else runs the node; its table of contents is DigipoortNode.Build: configuration, first run, actor system, API.
await DigipoortNode.Build(args).RunAsync();
return 0;
