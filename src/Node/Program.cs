using Digipoort.Node;

// The table of contents is DigipoortNode.Build: configuration, first run, actor system, API.
await DigipoortNode.Build(args).RunAsync();
