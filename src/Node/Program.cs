using Digipoort.Node;

if (args is ["keys", ..]) return await Digipoort.Node.Keys.KeysCommand.RunAsync(args[1..]);

// The table of contents is DigipoortNode.Build: configuration, first run, actor system, API.
await DigipoortNode.Build(args).RunAsync();
return 0;
