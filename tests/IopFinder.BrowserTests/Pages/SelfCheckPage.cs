using IopFinder.BrowserTests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IopFinder.BrowserTests.Pages;

/// <summary>Drives the self-check the way people do: by keyboard, by mouse, or a prepared answer set.</summary>
public sealed class SelfCheckPage(IPage page)
{
    public ILocator Step => page.Locator("#self-check-step");
    public ILocator Result => page.Locator("#self-check-result");
    public ILocator Start => page.Locator("#start-self-check");
    public ILocator Continue => page.Locator("#continue");
    public ILocator FindPrograms => page.Locator("#find-programs");

    public async Task<string> SectionAsync() => (await Step.GetAttributeAsync("data-section"))!;

    /// <summary>Presses Tab until the focused element matches, as a keyboard user would move through the page.</summary>
    public async Task TabToAsync(string selector)
    {
        for (var i = 0; i < 120; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement !== null && document.activeElement.matches(s)", selector))
            {
                return;
            }
        }

        throw new InvalidOperationException("Tab never reached " + selector);
    }

    /// <summary>
    /// On a freshly loaded screen, the first Tab reaches the skip link and Enter moves past the crisis lines and
    /// the header, as keyboard users do, so the next Tab lands in the page's own content. Once used, the address
    /// ends in <c>#main</c>; each step's form posts back to that address, so later screens open at the content.
    /// </summary>
    public async Task SkipToMainAsync()
    {
        if (new Uri(page.Url).Fragment == "#main")
        {
            return;
        }

        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator(".skip-link")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
    }

    /// <summary>Chooses an answer with the keyboard: arrow keys inside a radio group, Space on a check box.</summary>
    public async Task ChooseByKeyboardAsync(string name, string value)
    {
        var type = await page.Locator($"input[name='{name}']").First.GetAttributeAsync("type");
        if (type == "checkbox")
        {
            await TabToAsync($"input[name='{name}'][value='{value}']");
            await page.Keyboard.PressAsync("Space");
            return;
        }

        if (type == "text")
        {
            await TabToAsync($"input[name='{name}']");
            await page.Keyboard.TypeAsync(value);
            return;
        }

        var values = await page.Locator($"input[name='{name}']").EvaluateAllAsync<string[]>("els => els.map(e => e.value)");
        var index = Array.IndexOf(values, value);
        await TabToAsync($"input[name='{name}']");
        if (index == 0)
        {
            await page.Keyboard.PressAsync("Space");
        }

        for (var i = 0; i < index; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        await Expect(page.Locator($"input[name='{name}'][value='{value}']")).ToBeCheckedAsync();
    }

    /// <summary>
    /// Waits until the document in the page has loaded, asking the document itself. In one clean run Playwright's own
    /// wait for the load event ran out its 30 s on a screen whose every request had ended (its log showed the
    /// network-idle event, which follows load). Asked from here, not with Playwright's wait-for-function: that polls
    /// with a function compiled in the page, which the site's Content-Security-Policy (no 'unsafe-eval') refuses.
    /// </summary>
    private async Task LoadedAsync()
    {
        if (!await Poll.UntilAsync(IsLoadedAsync, TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"{page.Url} had not finished loading after 30 s.");
        }
    }

    private async Task<bool> IsLoadedAsync()
    {
        try
        {
            return await page.EvaluateAsync<string>("document.readyState") == "complete";
        }
        catch (PlaywrightException e) when (e.Message.Contains("Execution context was destroyed", StringComparison.Ordinal))
        {
            // A navigation replaced the document while it was asked: the next round asks the new one.
            return false;
        }
    }

    /// <summary>Answers every screen from a plan using only the keyboard, until the result appears.</summary>
    public async Task<List<string>> AnswerByKeyboardAsync(IReadOnlyDictionary<string, (string Name, string Value)[]> plan)
    {
        var sections = new List<string>();
        await Start.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        while (true)
        {
            await LoadedAsync();
            if (await Result.CountAsync() > 0)
            {
                return sections;
            }

            var section = await SectionAsync();
            sections.Add(section);
            await SkipToMainAsync();
            foreach (var (name, value) in plan.GetValueOrDefault(section) ?? [])
            {
                await ChooseByKeyboardAsync(name, value);
            }

            await TabToAsync("#continue");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#self-check-result, #self-check-step:not([data-section='" + section + "'])")).ToHaveCountAsync(1);
        }
    }

    /// <summary>Answers every screen by clicking labels, as a mouse or touch user would.</summary>
    public async Task AnswerByClickingAsync(IReadOnlyDictionary<string, (string Name, string Value)[]> plan)
    {
        await Start.ClickAsync();
        while (await Result.CountAsync() == 0)
        {
            var section = await SectionAsync();
            foreach (var (name, value) in plan.GetValueOrDefault(section) ?? [])
            {
                var input = page.Locator($"input[name='{name}']");
                if (await input.First.GetAttributeAsync("type") == "text")
                {
                    await input.FillAsync(value);
                }
                else
                {
                    await page.Locator($"label[for='{await page.Locator($"input[name='{name}'][value='{value}']").GetAttributeAsync("id")}']").ClickAsync();
                }
            }

            await Continue.ClickAsync();
        }
    }

    /// <summary>Posts a whole answer set from the intro page (with its antiforgery token), as the form contract allows.</summary>
    public async Task PostAnswersAsync(IEnumerable<KeyValuePair<string, string>> fields)
    {
        await page.GotoAsync("/self-check");
        await page.EvaluateAsync(
            """
            fields => {
              const form = document.querySelector('main form[method=post]');
              for (const [name, value] of fields) {
                const input = document.createElement('input');
                input.type = 'hidden'; input.name = name; input.value = value;
                form.appendChild(input);
              }
              form.querySelector('input[name=step]').remove();
              form.submit();
            }
            """, fields.Select(f => new[] { f.Key, f.Value }).ToArray());
        await page.WaitForSelectorAsync("#self-check-result, #self-check-step");
    }
}
